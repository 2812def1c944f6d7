import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { FormError, TextArea } from "@/components/field";
import { Dialog } from "@/components/dialog";
import { errorMessage } from "@/lib/api-client";
import { isBlank } from "@/lib/validation";

export interface ResolutionNoteDialogProps {
  open: boolean;
  bugLabel: string;
  initialNote?: string | null;
  confirmLabel?: string;
  onConfirm: (note: string) => void | Promise<void>;
  onCancel: () => void;
}

export function ResolutionNoteDialog(props: ResolutionNoteDialogProps) {
  if (!props.open) return null;
  return <ResolutionNoteDialogBody {...props} />;
}

function ResolutionNoteDialogBody({ bugLabel, initialNote, confirmLabel = "Resolve", onConfirm, onCancel }: ResolutionNoteDialogProps) {
  const [note, setNote] = useState(initialNote ?? "");
  const [error, setError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (isBlank(note)) {
      setError("Describe how the bug was resolved");
      return;
    }
    setBusy(true);
    try {
      await onConfirm(note.trim());
    } catch (err) {
      setServerError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onCancel}
      title="Resolution note"
      description={`Say how ${bugLabel} was resolved before it moves to Resolved.`}
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" form="resolution-form" variant="primary" disabled={busy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <form id="resolution-form" noValidate onSubmit={onSubmit} className="space-y-4">
        <TextArea
          label="Resolution note"
          placeholder="What was wrong, and what fixed it"
          value={note}
          maxLength={10000}
          onChange={(e) => {
            setNote(e.target.value);
            setError(null);
          }}
          error={error}
        />
        <FormError message={serverError} />
      </form>
    </Dialog>
  );
}
