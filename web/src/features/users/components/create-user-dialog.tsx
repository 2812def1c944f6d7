import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { FormError, SelectField, TextField } from "@/components/field";
import { errorMessage } from "@/lib/api-client";
import { useIdempotencyKey } from "@/lib/use-idempotency-key";
import { PASSWORD_MAX, PASSWORD_MIN, isBlank, isEmail, passwordProblem } from "@/lib/validation";
import { useCreateUser } from "@/features/users/api/create-user";
import type { Role } from "@/types/api";

interface Errors {
  name?: string;
  email?: string;
  password?: string;
}

export function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  if (!open) return null;
  return <CreateUserForm onClose={onClose} />;
}

function CreateUserForm({ onClose }: { onClose: () => void }) {
  const create = useCreateUser();
  const [key, renewKey] = useIdempotencyKey();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [errors, setErrors] = useState<Errors>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next: Errors = {};
    if (isBlank(name)) next.name = "Enter the person's name";
    if (isBlank(email)) next.email = "Enter an email address";
    else if (!isEmail(email)) next.email = "Enter a valid email address, like ada@example.com";
    const problem = passwordProblem(password);
    if (problem) next.password = problem;
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    create.mutate(
      { name: name.trim(), email: email.trim(), password, role, idempotencyKey: key },
      {
        onSuccess: () => {
          renewKey();
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title="New user"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form="create-user-form" variant="primary" disabled={create.isPending}>
            Create user
          </Button>
        </>
      }
    >
      <form id="create-user-form" noValidate onSubmit={onSubmit} className="space-y-4">
        <TextField label="Name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} error={errors.name} />
        <TextField label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} autoComplete="off" />
        <TextField
          label="Password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters. Share it with the person privately.`}
          autoComplete="new-password"
        />
        <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="member">Member: reads, comments, resolves bugs in progress</option>
          <option value="admin">Admin: everything</option>
        </SelectField>
        <FormError message={create.isError ? errorMessage(create.error) : null} />
      </form>
    </Dialog>
  );
}
