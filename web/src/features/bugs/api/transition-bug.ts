import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { syncBug } from "@/features/bugs/utils/sync-bug";
import type { Bug, BugStatus } from "@/types/api";

export interface TransitionBugInput {
  bugId: number;
  status: BugStatus;
  /** Set first (PUT) when the transition needs it. */
  assignee_id?: number;
  resolution_note?: string;
}

export async function transitionBug({ bugId, status, assignee_id, resolution_note }: TransitionBugInput): Promise<Bug> {
  if (assignee_id !== undefined || resolution_note !== undefined) {
    await apiRequest<Bug>(`/api/bugs/${bugId}`, { method: "PUT", body: { assignee_id, resolution_note } });
  }
  return apiRequest<Bug>(`/api/bugs/${bugId}/transition`, { method: "POST", body: { status } });
}

export function useTransitionBug() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: transitionBug,
    onSuccess: (bug) => syncBug(queryClient, bug),
  });
}
