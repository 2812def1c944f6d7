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
  closed: "bg-slate-300 dark:bg-slate-600",
};

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
      className={`flex w-[85vw] max-w-[22rem] shrink-0 snap-start flex-col rounded-2xl border bg-slate-100/70 transition-[opacity,border-color,background-color] duration-150 sm:w-72 lg:h-full lg:w-auto lg:max-w-none lg:min-w-0 lg:flex-1 dark:bg-slate-900/50 ${
        dimmed
          ? "border-transparent opacity-45 saturate-50"
          : accepts && isOver
            ? "border-indigo-400 bg-indigo-50/70 dark:border-indigo-500/60 dark:bg-indigo-500/10"
            : accepts
              ? "border-dashed border-indigo-300 dark:border-indigo-500/40"
              : "border-transparent"
      }`}
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
            className="-my-1 ml-auto rounded-md p-1 text-slate-400 hover:bg-white hover:text-slate-700 dark:hover:bg-slate-800 dark:hover:text-slate-200"
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
          <p className="rounded-xl border border-dashed border-slate-300 px-3 py-6 text-center text-xs text-slate-500 dark:border-slate-700 dark:text-slate-400">
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
