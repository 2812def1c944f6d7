import type { Priority } from "@/types/api";
import { PRIORITY_LABELS } from "@/lib/status";

const STYLES: Record<Priority, { chip: string; dot: string }> = {
  low: { chip: "bg-slate-100 text-slate-600 dark:bg-slate-700/60 dark:text-slate-300", dot: "bg-slate-400" },
  medium: { chip: "bg-sky-50 text-sky-700 dark:bg-sky-500/15 dark:text-sky-300", dot: "bg-sky-500" },
  high: { chip: "bg-amber-50 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300", dot: "bg-amber-500" },
  critical: { chip: "bg-rose-50 text-rose-700 dark:bg-rose-500/15 dark:text-rose-300", dot: "bg-rose-500" },
};

/** Colour plus the word: priority is never told by colour alone. */
export function PriorityBadge({ priority }: { priority: Priority }) {
  const style = STYLES[priority];
  return (
    <span className={`inline-flex items-center gap-1 rounded-md px-1.5 py-0.5 text-[11px] font-medium ${style.chip}`}>
      <span className={`h-1.5 w-1.5 rounded-full ${style.dot}`} aria-hidden="true" />
      <span className="sr-only">Priority </span>
      {PRIORITY_LABELS[priority]}
    </span>
  );
}
