import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { Button } from "@/components/button";
import { errorMessage } from "@/lib/api-client";
import { useAuth } from "@/features/auth/hooks/use-auth";

export function RequireAuth({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === "signed-out") {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  if (auth.status === "loading") return <>{fallback}</>;
  if (auth.status === "error") {
    return (
      <main className="flex min-h-screen items-center justify-center p-6">
        <div className="max-w-sm space-y-4 text-center">
          <h1 className="text-lg font-semibold">Cannot load your account</h1>
          <p className="text-sm text-slate-500 dark:text-slate-400">{errorMessage(auth.error)}</p>
          <div className="flex justify-center gap-2">
            <Button variant="primary" onClick={auth.retry}>
              Try again
            </Button>
            <Button onClick={auth.signOut}>Sign out</Button>
          </div>
        </div>
      </main>
    );
  }
  return <>{children}</>;
}

export function RequireAdmin({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  if (user?.role !== "admin") {
    return (
      <main className="p-8">
        <h1 className="text-lg font-semibold">Admins only</h1>
        <p className="mt-2 text-sm text-slate-500 dark:text-slate-400">This page is for administrators.</p>
      </main>
    );
  }
  return <>{children}</>;
}
