import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useId, type ReactNode } from "react";
import { Button } from "@/components/button";
import { ChevronDownIcon } from "@/components/icons";
import { STATUS_LABELS } from "@/lib/status";
import type { BugStatus } from "@/types/api";

export const columnId = (status: BugStatus) => `column:${status}`;

const ACCENT: Record<BugStatus, string> = {
  open: "bg-slate-400",
  in_progress: "bg-indigo-500",
  resolved: "bg-emerald-500",
  // Hollow: done and out of the way, but still visible on the column.
  closed: "border-[1.5px] border-slate-400 dark:border-slate-500",
};

/**
 * The column surface for the drag state. Only dimming fades in; every state is left at once, so nothing
 * of a drag (dimmed, highlighted, dashed) is still on screen after the drop.
 */
export function columnState(dimmed: boolean, accepts: boolean, isOver: boolean): string {
  if (dimmed) return "border-transparent bg-slate-100 opacity-50 transition-opacity duration-150 dark:bg-slate-900/60";
  if (accepts && isOver) return "border-indigo-400 bg-indigo-50 dark:border-indigo-400/70 dark:bg-indigo-950/60";
  if (accepts) return "border-dashed border-indigo-300 bg-slate-100 dark:border-indigo-400/50 dark:bg-slate-900/60";
  return "border-transparent bg-slate-100 dark:bg-slate-900/60";
}

export interface BoardColumnProps {
  status: BugStatus;
  count: number;
  cardIds: number[];
  /** Loaded cards (the column may hold more on the server). */
  loaded: number;
  /** A drag is on and this column refuses the card. */
  dimmed: boolean;
  dimReason?: string;
  /** A drag is on and this column accepts the card. */
  accepts: boolean;
  collapsible?: boolean;
  collapsed?: boolean;
  onToggleCollapsed?: () => void;
  onShowMore?: () => void;
  loadingMore?: boolean;
  emptyText: string;
  children: ReactNode;
}

export function BoardColumn({
  status,
  count,
  cardIds,
  loaded,
  dimmed,
  dimReason,
  accepts,
  collapsible,
  collapsed,
  onToggleCollapsed,
  onShowMore,
  loadingMore,
  emptyText,
  children,
}: BoardColumnProps) {
  const headingId = useId();
  const listId = useId();
  const { setNodeRef, isOver } = useDroppable({ id: columnId(status), data: { type: "column", status } });
  const label = STATUS_LABELS[status];
  const more = count - loaded;

  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      data-testid={`column-${status}`}
      data-dimmed={dimmed || undefined}
      className={`flex w-[85vw] max-w-[22rem] shrink-0 snap-start flex-col rounded-2xl border sm:w-72 lg:h-full lg:w-auto lg:max-w-none lg:min-w-0 lg:flex-1 ${columnState(dimmed, accepts, isOver)}`}
    >
      <header className="flex h-11 items-center gap-2 px-3 pt-2">
        <span className={`h-2 w-2 rounded-full ${ACCENT[status]}`} aria-hidden="true" />
        <h2 id={headingId} className="text-sm font-semibold text-slate-700 dark:text-slate-200">
          {label}
        </h2>
        <span
          className="rounded-full bg-white px-2 py-0.5 text-xs font-medium text-slate-600 tabular-nums shadow-sm dark:bg-slate-800 dark:text-slate-300"
          aria-label={`${count} ${count === 1 ? "bug" : "bugs"}`}
          data-testid={`count-${status}`}
        >
          {count}
        </span>
        {dimmed && dimReason ? <span className="sr-only">{dimReason}</span> : null}
        {collapsible ? (
          <button
            type="button"
            onClick={onToggleCollapsed}
            aria-expanded={!collapsed}
            aria-controls={listId}
            aria-label={collapsed ? `Show ${label} bugs` : `Hide ${label} bugs`}
            className="-my-1 ml-auto rounded-md p-1 text-slate-500 hover:bg-white hover:text-slate-700 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-200"
          >
            <ChevronDownIcon className={`h-4 w-4 transition-transform ${collapsed ? "-rotate-90" : ""}`} />
          </button>
        ) : null}
      </header>
      <div id={listId} className={`scrollbar-thin min-h-24 flex-1 px-2 pb-2 lg:overflow-y-auto ${collapsed ? "hidden" : ""}`}>
        <SortableContext id={status} items={cardIds} strategy={verticalListSortingStrategy}>
          <ul className="space-y-2" aria-labelledby={headingId}>
            {children}
          </ul>
        </SortableContext>
        {cardIds.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 px-3 py-6 text-center text-xs text-slate-600 dark:border-slate-700 dark:text-slate-400">
            {emptyText}
          </p>
        ) : null}
        {more > 0 && onShowMore ? (
          <Button variant="ghost" size="sm" className="mt-2 w-full" onClick={onShowMore} disabled={loadingMore}>
            {loadingMore ? "Loading…" : `Show more (${more} more)`}
          </Button>
        ) : null}
      </div>
      {collapsed ? (
        <p className="px-3 pb-3 text-xs text-slate-500 dark:text-slate-400">
          {count} hidden. {dimmed ? "" : "Drop here to move."}
        </p>
      ) : null}
    </section>
  );
}
