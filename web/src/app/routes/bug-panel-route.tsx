import { useCallback } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { BugPanel } from "@/features/bugs/components/bug-panel";

export function BugPanelRoute() {
  const { projectId, bugId } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const asOf = params.get("as_of");
  const search = params.toString();
  const onClose = useCallback(
    () => void navigate(`/projects/${projectId ?? ""}${search ? `?${search}` : ""}`),
    [navigate, projectId, search],
  );
  const id = Number(bugId);
  if (!Number.isInteger(id) || id <= 0) return null;
  return <BugPanel key={id} bugId={id} asOf={asOf} onClose={onClose} />;
}
