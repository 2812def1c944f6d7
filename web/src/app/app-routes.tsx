import { Route, Routes } from "react-router";
import { AppShell } from "@/app/app-shell";
import { BugPanelRoute } from "@/app/routes/bug-panel-route";
import { HomeRedirect } from "@/app/routes/home-redirect";
import { NotFound } from "@/app/routes/not-found";
import { LoginPage } from "@/features/auth/components/login-page";
import { RequireAdmin, RequireAuth } from "@/features/auth/components/require-auth";
import { BoardPage } from "@/features/board/components/board-page";
import { BoardSkeleton } from "@/features/board/components/board-skeleton";
import { UsersPage } from "@/features/users/components/users-page";

function ShellSkeleton() {
  return (
    <div className="flex min-h-screen flex-col">
      <div className="h-14 border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950" />
      <div className="h-[104px]" />
      <BoardSkeleton />
    </div>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth fallback={<ShellSkeleton />}>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route index element={<HomeRedirect />} />
        <Route path="projects/:projectId" element={<BoardPage />}>
          <Route path="bugs/:bugId" element={<BugPanelRoute />} />
        </Route>
        <Route
          path="users"
          element={
            <RequireAdmin>
              <UsersPage />
            </RequireAdmin>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
