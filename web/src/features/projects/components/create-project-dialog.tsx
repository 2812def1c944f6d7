import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { FormError, TextArea, TextField } from "@/components/field";
import { errorMessage } from "@/lib/api-client";
import { useIdempotencyKey } from "@/lib/use-idempotency-key";
import { isBlank } from "@/lib/validation";
import { useCreateProject } from "@/features/projects/api/create-project";
import type { Project } from "@/types/api";

export function CreateProjectDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated?: (project: Project) => void;
}) {
  if (!open) return null;
  return <CreateProjectForm onClose={onClose} onCreated={onCreated} />;
}

function CreateProjectForm({ onClose, onCreated }: { onClose: () => void; onCreated?: (project: Project) => void }) {
  const create = useCreateProject();
  const [key, renewKey] = useIdempotencyKey();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (isBlank(name)) {
      setNameError("Give the project a name");
      return;
    }
    setNameError(null);
    const trimmed = description.trim();
    create.mutate(
      { name: name.trim(), ...(trimmed ? { description: trimmed } : {}), idempotencyKey: key },
      {
        onSuccess: (project) => {
          renewKey();
          onCreated?.(project);
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title="New project"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form="create-project-form" variant="primary" disabled={create.isPending}>
            Create project
          </Button>
        </>
      }
    >
      <form id="create-project-form" noValidate onSubmit={onSubmit} className="space-y-4">
        <TextField label="Project name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} error={nameError} />
        <TextArea label="Description" hint="Optional" value={description} onChange={(e) => setDescription(e.target.value)} />
        <FormError message={create.isError ? errorMessage(create.error) : null} />
      </form>
    </Dialog>
  );
}
