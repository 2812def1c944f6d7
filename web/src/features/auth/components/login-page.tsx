import { useState, type FormEvent } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/field";
import { BugIcon } from "@/components/icons";
import { ThemeToggle } from "@/components/theme-toggle";
import { errorMessage } from "@/lib/api-client";
import { isEmail } from "@/lib/validation";
import { useLogin } from "@/features/auth/api/login";
import { useAuth } from "@/features/auth/hooks/use-auth";

interface FieldErrors {
  email?: string;
  password?: string;
}

export function LoginPage() {
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const login = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});

  const from = (location.state as { from?: string } | null)?.from ?? "/";
  if (auth.status === "signed-in") return <Navigate to={from} replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next: FieldErrors = {};
    const trimmed = email.trim();
    if (!trimmed) next.email = "Enter your email address";
    else if (!isEmail(trimmed)) next.email = "Enter a valid email address, like ada@example.com";
    if (!password) next.password = "Enter your password";
    setErrors(next);
    if (next.email || next.password) return;
    // The password is sent exactly as typed (spaces are legal in passwords).
    login.mutate(
      { email: trimmed, password },
      {
        onSuccess: (response) => {
          auth.signIn(response);
          void navigate(from, { replace: true });
        },
      },
    );
  };

  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-10">
      <div className="absolute top-4 right-4">
        <ThemeToggle />
      </div>
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <span className="flex h-11 w-11 items-center justify-center rounded-xl bg-indigo-600 text-white shadow-sm">
            <BugIcon className="h-6 w-6" />
          </span>
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to Bug tracker</h1>
        </div>
        {auth.notice ? (
          <p role="status" className="mb-4 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-200">
            {auth.notice}
          </p>
        ) : null}
        <form noValidate onSubmit={onSubmit} className="space-y-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <TextField
            label="Email"
            type="email"
            name="email"
            autoComplete="username"
            placeholder="you@example.com"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.email}
          />
          <TextField
            label="Password"
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
          />
          <FormError message={login.isError ? errorMessage(login.error) : null} />
          <Button type="submit" variant="primary" className="w-full" disabled={login.isPending}>
            {login.isPending ? "Signing in…" : "Sign in"}
          </Button>
        </form>
        <p className="mt-6 text-center text-xs text-slate-500 dark:text-slate-400">Accounts are created by an administrator.</p>
      </div>
    </main>
  );
}
