import { useState } from "react";
import { Link, NavLink, Outlet, useMatch, useNavigate } from "react-router";
import { Avatar } from "@/components/avatar";
import { Button } from "@/components/button";
import { BugIcon, PlusIcon } from "@/components/icons";
import { ThemeToggle } from "@/components/theme-toggle";
import { useAuth, useCurrentUser } from "@/features/auth/hooks/use-auth";
import { CreateBugDialog } from "@/features/bugs/components/create-bug-dialog";
import { CreateProjectDialog } from "@/features/projects/components/create-project-dialog";
import { ProjectSwitcher } from "@/features/projects/components/project-switcher";
import { lastProject } from "@/features/projects/last-project";
import { AppMenu } from "@/app/app-menu";
import { useLiveUpdates } from "@/app/use-live-updates";

export function AppShell() {
  const auth = useAuth();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const match = useMatch("/projects/:projectId/*");
  const routeProjectId = match?.params.projectId ? Number(match.params.projectId) : null;
  // Off the board (the users page), the switcher and "New bug" still name the last project.
  const projectId = routeProjectId ?? lastProject();
  const [dialog, setDialog] = useState<"bug" | "project" | null>(null);
  const isAdmin = user.role === "admin";
  useLiveUpdates(auth.token);

  return (
    <div className="flex min-h-screen flex-col lg:h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-950/90">
        <div className="flex h-14 items-center gap-2 px-4 sm:gap-3 sm:px-6">
          <Link to="/" className="flex shrink-0 items-center gap-2 rounded-lg font-semibold" aria-label="Bug tracker home">
            <span className="flex h-8 w-8 items-center justify-center rounded-lg bg-indigo-600 text-white shadow-sm">
              <BugIcon className="h-[18px] w-[18px]" />
            </span>
            <span className="hidden lg:inline">Bug tracker</span>
          </Link>
          <ProjectSwitcher currentProjectId={projectId} className="max-w-56 min-w-0 flex-1 md:flex-initial" />
          {isAdmin ? (
            <nav aria-label="Main" className="hidden items-center text-sm md:flex">
              <NavLink
                to="/users"
                className={({ isActive }) =>
                  `rounded-md px-2.5 py-1.5 font-medium ${isActive ? "bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-white" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"}`
                }
              >
                Users
              </NavLink>
            </nav>
          ) : null}
          <div className="ml-auto flex shrink-0 items-center gap-1.5 sm:gap-2">
            {isAdmin ? (
              <Button variant="primary" size="compact" onClick={() => setDialog("bug")} title="New bug">
                <PlusIcon className="h-4 w-4" />
                <span className="sr-only sm:not-sr-only">New bug</span>
              </Button>
            ) : null}
            {isAdmin ? (
              <span className="hidden md:contents">
                <Button size="sm" onClick={() => setDialog("project")}>
                  New project
                </Button>
              </span>
            ) : null}
            <ThemeToggle />
            <div className="hidden items-center gap-2 pl-1 lg:flex" data-testid="current-user">
              <Avatar name={user.name} id={user.id} size="md" decorative />
              <div className="max-w-32 leading-tight">
                <p className="truncate text-sm font-medium">{user.name}</p>
                <p className="text-xs text-slate-500 capitalize dark:text-slate-400">{user.role}</p>
              </div>
            </div>
            <span className="hidden md:contents">
              <Button variant="ghost" size="sm" onClick={auth.signOut}>
                Sign out
              </Button>
            </span>
            <AppMenu user={user} isAdmin={isAdmin} onNewProject={() => setDialog("project")} onSignOut={auth.signOut} className="md:hidden" />
          </div>
        </div>
      </header>
      <div id="main" className="flex min-h-0 flex-1 flex-col">
        <Outlet />
      </div>
      <CreateBugDialog
        open={dialog === "bug"}
        onClose={() => setDialog(null)}
        defaultProjectId={projectId}
        onCreated={(bug) => {
          if (bug.project_id !== routeProjectId) void navigate(`/projects/${bug.project_id}`);
        }}
      />
      <CreateProjectDialog open={dialog === "project"} onClose={() => setDialog(null)} onCreated={(project) => void navigate(`/projects/${project.id}`)} />
    </div>
  );
}
