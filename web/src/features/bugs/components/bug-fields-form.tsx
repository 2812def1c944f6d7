import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { FormError, SelectField, TextArea, TextField } from "@/components/field";
import { useToast } from "@/components/toast";
import { errorMessage } from "@/lib/api-client";
import { PRIORITY_LABELS } from "@/lib/status";
import { useDraft } from "@/lib/use-draft";
import { isBlank } from "@/lib/validation";
import { useUpdateBug } from "@/features/bugs/api/update-bug";
import { PRIORITIES, type BugDetail, type Priority, type UpdateBugRequest } from "@/types/api";

/**
 * Title, description and priority (admins). Untouched fields follow live updates; edited ones
 * are kept. Only changed fields are sent, with If-Match so a concurrent change is refused (412).
 */
export function BugFieldsForm({ bug }: { bug: BugDetail }) {
  const update = useUpdateBug();
  const toast = useToast();
  const [title, setTitle] = useDraft(bug.title);
  const [description, setDescription] = useDraft(bug.description);
  const [priority, setPriority] = useDraft<Priority>(bug.priority);
  const [titleError, setTitleError] = useState<string | null>(null);

  const changes: UpdateBugRequest = {};
  if (title.trim() !== bug.title) changes.title = title.trim();
  if (description.trim() !== bug.description) changes.description = description.trim();
  if (priority !== bug.priority) changes.priority = priority;
  const dirty = Object.keys(changes).length > 0;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (isBlank(title)) {
      setTitleError("A bug needs a title");
      return;
    }
    setTitleError(null);
    if (!dirty) return;
    update.mutate({ bugId: bug.id, version: bug.version, ...changes }, { onSuccess: () => toast.success("Changes saved") });
  };

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-3">
      <TextField label="Title" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} error={titleError} />
      <TextArea label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
      <SelectField label="Priority" value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
        {PRIORITIES.map((p) => (
          <option key={p} value={p}>
            {PRIORITY_LABELS[p]}
          </option>
        ))}
      </SelectField>
      <FormError message={update.isError ? errorMessage(update.error) : null} />
      <div className="flex justify-end">
        <Button type="submit" variant="primary" size="sm" disabled={!dirty || update.isPending}>
          Save changes
        </Button>
      </div>
    </form>
  );
}

/** The resolution note of a bug that is not closed (admins; members while in progress). */
export function ResolutionNoteForm({ bug }: { bug: BugDetail }) {
  const update = useUpdateBug();
  const toast = useToast();
  const [note, setNote] = useDraft(bug.resolution_note ?? "");
  const [error, setError] = useState<string | null>(null);
  const dirty = note.trim() !== (bug.resolution_note ?? "");

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (isBlank(note)) {
      setError("The note cannot be blank");
      return;
    }
    setError(null);
    update.mutate({ bugId: bug.id, resolution_note: note.trim() }, { onSuccess: () => toast.success("Resolution note saved") });
  };

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-2">
      <TextArea label="Resolution" hint="How the bug was fixed. Required before it moves to Resolved." value={note} onChange={(e) => setNote(e.target.value)} error={error} className="min-h-20" />
      <FormError message={update.isError ? errorMessage(update.error) : null} />
      <div className="flex justify-end">
        <Button type="submit" size="sm" disabled={!dirty || update.isPending}>
          Save note
        </Button>
      </div>
    </form>
  );
}
