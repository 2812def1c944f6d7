import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { FormError, SelectField } from "@/components/field";
import { Dialog } from "@/components/dialog";
import { errorMessage } from "@/lib/api-client";
import { useUsers } from "@/features/users/api/get-users";
import type { User } from "@/types/api";

export interface AssigneeDialogProps {
  open: boolean;
  bugLabel: string;
  /** Preselected: the person starting the work. */
  defaultAssigneeId: number | null;
  confirmLabel?: string;
  title?: string;
  onConfirm: (user: User) => void | Promise<void>;
  onCancel: () => void;
}

export function AssigneeDialog(props: AssigneeDialogProps) {
  if (!props.open) return null;
  return <AssigneeDialogBody {...props} />;
}

function AssigneeDialogBody({
  bugLabel,
  defaultAssigneeId,
  confirmLabel = "Assign and start",
  title = "Assign before starting",
  onConfirm,
  onCancel,
}: AssigneeDialogProps) {
  const users = useUsers({ limit: 500 });
  const candidates = (users.data?.users ?? []).filter((u) => !u.is_blocked);
  const [chosen, setChosen] = useState<string>(defaultAssigneeId === null ? "" : String(defaultAssigneeId));
  const [error, setError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const selected = candidates.find((u) => String(u.id) === chosen) ?? null;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!selected) {
      setError("Choose who works on this bug");
      return;
    }
    setBusy(true);
    try {
      await onConfirm(selected);
    } catch (err) {
      setServerError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onCancel}
      title={title}
      description={`${bugLabel} needs an assignee before it can move to In Progress.`}
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" form="assignee-form" variant="primary" disabled={busy || users.isPending}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <form id="assignee-form" noValidate onSubmit={onSubmit} className="space-y-4">
        <SelectField
          label="Assignee"
          value={chosen}
          onChange={(e) => {
            setChosen(e.target.value);
            setError(null);
          }}
          error={error}
          disabled={users.isPending}
        >
          <option value="">{users.isPending ? "Loading people…" : "Choose a person"}</option>
          {candidates.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
        <FormError message={serverError ?? (users.isError ? errorMessage(users.error) : null)} />
      </form>
    </Dialog>
  );
}
