import { useState } from "react";
import { Navigate } from "react-router";
import { Button } from "@/components/button";
import { errorMessage } from "@/lib/api-client";
import { useCurrentUser } from "@/features/auth/hooks/use-auth";
import { BoardSkeleton } from "@/features/board/components/board-skeleton";
import { useProjects } from "@/features/projects/api/get-projects";
import { CreateProjectDialog } from "@/features/projects/components/create-project-dialog";
import { lastProject } from "@/features/projects/last-project";

/** `/`: the last board you looked at, else the first project, else an invitation to make one. */
export function HomeRedirect() {
  const projects = useProjects();
  const user = useCurrentUser();
  const [creating, setCreating] = useState(false);

  if (projects.isPending) return <BoardSkeleton />;
  if (projects.isError) {
    return (
      <p role="alert" className="p-6 text-sm text-rose-600">
        {errorMessage(projects.error)}
      </p>
    );
  }
  const remembered = lastProject();
  const target = projects.data.find((p) => p.id === remembered) ?? projects.data[0];
  if (target) return <Navigate to={`/projects/${target.id}`} replace />;

  return (
    <main className="flex flex-1 flex-col items-center justify-center gap-3 p-10 text-center">
      <h1 className="text-lg font-semibold">No projects yet</h1>
      {user.role === "admin" ? (
        <>
          <p className="text-sm text-slate-500 dark:text-slate-400">Create the first project to start tracking bugs.</p>
          <Button variant="primary" onClick={() => setCreating(true)}>
            Create a project
          </Button>
          <CreateProjectDialog open={creating} onClose={() => setCreating(false)} />
        </>
      ) : (
        <p className="text-sm text-slate-500 dark:text-slate-400">An admin has not created any project yet.</p>
      )}
    </main>
  );
}
