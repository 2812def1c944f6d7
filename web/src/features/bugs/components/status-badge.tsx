import { STATUS_LABELS } from "@/lib/status";
import type { BugStatus } from "@/types/api";

const STYLES: Record<BugStatus, string> = {
  open: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  in_progress: "bg-indigo-50 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300",
  resolved: "bg-emerald-50 text-emerald-700 dark:bg-emerald-500/15 dark:text-emerald-300",
  closed: "bg-slate-200 text-slate-600 dark:bg-slate-700/60 dark:text-slate-300",
};

export function StatusBadge({ status }: { status: BugStatus }) {
  return <span className={`rounded-md px-1.5 py-0.5 text-[11px] font-medium ${STYLES[status]}`}>{STATUS_LABELS[status]}</span>;
}
