import { useNavigate } from "react-router";
import { useProjects } from "@/features/projects/api/get-projects";

export function ProjectSwitcher({ currentProjectId, className = "" }: { currentProjectId: number | null; className?: string }) {
  const projects = useProjects();
  const navigate = useNavigate();
  const list = projects.data ?? [];

  return (
    <div className={className}>
      <label htmlFor="project-switcher" className="sr-only">
        Project
      </label>
      <select
        id="project-switcher"
        value={currentProjectId ?? ""}
        disabled={projects.isPending || list.length === 0}
        onChange={(e) => {
          if (e.target.value) void navigate(`/projects/${e.target.value}`);
        }}
        className="h-9 w-full truncate rounded-lg border border-slate-300 bg-white px-2.5 text-sm font-medium text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        {currentProjectId === null ? <option value="">{projects.isPending ? "Loading…" : "Choose a project"}</option> : null}
        {list.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
}
