import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { FormError, SelectField, TextArea, TextField } from "@/components/field";
import { errorMessage } from "@/lib/api-client";
import { PRIORITY_LABELS } from "@/lib/status";
import { useIdempotencyKey } from "@/lib/use-idempotency-key";
import { isBlank } from "@/lib/validation";
import { useCreateBug } from "@/features/bugs/api/create-bug";
import { useProjects } from "@/features/projects/api/get-projects";
import { PRIORITIES, type Bug, type Priority } from "@/types/api";

interface Errors {
  title?: string;
  description?: string;
  project?: string;
}

export function CreateBugDialog({
  open,
  onClose,
  defaultProjectId,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  defaultProjectId: number | null;
  onCreated?: (bug: Bug) => void;
}) {
  if (!open) return null;
  return <CreateBugForm onClose={onClose} defaultProjectId={defaultProjectId} onCreated={onCreated} />;
}

function CreateBugForm({
  onClose,
  defaultProjectId,
  onCreated,
}: {
  onClose: () => void;
  defaultProjectId: number | null;
  onCreated?: (bug: Bug) => void;
}) {
  const projects = useProjects();
  const create = useCreateBug();
  const [key, renewKey] = useIdempotencyKey();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [projectId, setProjectId] = useState(defaultProjectId === null ? "" : String(defaultProjectId));
  const [priority, setPriority] = useState<Priority>("medium");
  const [errors, setErrors] = useState<Errors>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next: Errors = {};
    if (isBlank(title)) next.title = "Give the bug a title";
    if (isBlank(description)) next.description = "Describe the bug";
    if (!projectId) next.project = "Choose a project";
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    create.mutate(
      { project_id: Number(projectId), title: title.trim(), description: description.trim(), priority, idempotencyKey: key },
      {
        onSuccess: (bug) => {
          renewKey();
          onCreated?.(bug);
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title="New bug"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form="create-bug-form" variant="primary" disabled={create.isPending}>
            Create bug
          </Button>
        </>
      }
    >
      <form id="create-bug-form" noValidate onSubmit={onSubmit} className="space-y-4">
        <TextField label="Title" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} error={errors.title} />
        <TextArea label="Description" value={description} onChange={(e) => setDescription(e.target.value)} error={errors.description} />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <SelectField label="Project" value={projectId} onChange={(e) => setProjectId(e.target.value)} error={errors.project}>
            <option value="">Choose a project</option>
            {(projects.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Priority" value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABELS[p]}
              </option>
            ))}
          </SelectField>
        </div>
        <FormError message={create.isError ? errorMessage(create.error) : null} />
      </form>
    </Dialog>
  );
}
