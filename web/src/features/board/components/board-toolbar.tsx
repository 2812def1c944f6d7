import { useEffect, useState } from "react";
import { Button } from "@/components/button";
import { ClockIcon, SearchIcon } from "@/components/icons";
import { PRIORITY_LABELS } from "@/lib/status";
import { formatDateTime, fromDatetimeLocal, toDatetimeLocal } from "@/lib/time";
import { useUsers } from "@/features/users/api/get-users";
import { hasFilters, type BoardFilters } from "@/features/board/utils/board-filters";
import { PRIORITIES, type Priority } from "@/types/api";

const control =
  "h-9 rounded-lg border border-slate-300 bg-white px-2.5 text-sm text-slate-800 shadow-sm placeholder:text-slate-500 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400";

export function BoardToolbar({ filters, onChange }: { filters: BoardFilters; onChange: (next: BoardFilters) => void }) {
  const users = useUsers({ limit: 500 });
  const [search, setSearch] = useState(filters.q ?? "");
  const [asOfDraft, setAsOfDraft] = useState(filters.as_of ? toDatetimeLocal(filters.as_of) : "");

  // Typing updates the URL after a pause, not on every key.
  useEffect(() => {
    const q = search.trim() || undefined;
    if (q === filters.q) return;
    const timer = window.setTimeout(() => onChange({ ...filters, q }), 300);
    return () => window.clearTimeout(timer);
  }, [search, filters, onChange]);

  // Follow the URL when it changes from outside (back button, "Back to now").
  const [seenQ, setSeenQ] = useState(filters.q);
  if (seenQ !== filters.q) {
    setSeenQ(filters.q);
    if ((search.trim() || undefined) !== filters.q) setSearch(filters.q ?? "");
  }
  const [seenAsOf, setSeenAsOf] = useState(filters.as_of);
  if (seenAsOf !== filters.as_of) {
    setSeenAsOf(filters.as_of);
    setAsOfDraft(filters.as_of ? toDatetimeLocal(filters.as_of) : "");
  }

  const assigneeValue = filters.assignee_id === undefined ? "" : String(filters.assignee_id);
  const now = toDatetimeLocal(new Date().toISOString());

  return (
    <div className="flex flex-wrap items-center gap-2 px-4 pb-3 sm:px-6">
      <div className="relative w-full sm:w-64">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-400" />
        <label htmlFor="board-search" className="sr-only">
          Search bugs
        </label>
        <input id="board-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search bugs" className={`${control} w-full pl-9`} />
      </div>
      <div className="min-w-0 flex-1 sm:flex-none">
        <label htmlFor="filter-assignee" className="sr-only">
          Assignee
        </label>
        <select
          id="filter-assignee"
          value={assigneeValue}
          onChange={(e) => {
            const v = e.target.value;
            onChange({ ...filters, assignee_id: v === "" ? undefined : v === "none" ? "none" : Number(v) });
          }}
          className={`${control} w-full`}
        >
          <option value="">Anyone</option>
          <option value="none">Unassigned</option>
          {(users.data?.users ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </div>
      <div className="min-w-0 flex-1 sm:flex-none">
        <label htmlFor="filter-priority" className="sr-only">
          Priority
        </label>
        <select
          id="filter-priority"
          value={filters.priority ?? ""}
          onChange={(e) => onChange({ ...filters, priority: (e.target.value || undefined) as Priority | undefined })}
          className={`${control} w-full`}
        >
          <option value="">Any priority</option>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {PRIORITY_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
      {hasFilters(filters) ? (
        <Button variant="ghost" onClick={() => onChange({ as_of: filters.as_of })}>
          Clear filters
        </Button>
      ) : null}
      <form
        className="flex w-full items-center gap-2 sm:ml-auto sm:w-auto"
        onSubmit={(e) => {
          e.preventDefault();
          const iso = fromDatetimeLocal(asOfDraft);
          if (iso) onChange({ ...filters, as_of: iso });
        }}
      >
        <label htmlFor="board-as-of" className="flex shrink-0 items-center gap-1.5 text-sm text-slate-600 dark:text-slate-300">
          <ClockIcon className="h-4 w-4" /> Board as of
        </label>
        <input
          id="board-as-of"
          type="datetime-local"
          value={asOfDraft}
          max={now}
          onChange={(e) => {
            setAsOfDraft(e.target.value);
            const iso = fromDatetimeLocal(e.target.value);
            if (iso) onChange({ ...filters, as_of: iso });
          }}
          className={`${control} min-w-0 flex-1 sm:flex-none`}
        />
      </form>
    </div>
  );
}

export function AsOfBanner({ asOf, onBackToNow }: { asOf: string; onBackToNow: () => void }) {
  return (
    <div role="status" className="mx-4 mb-3 flex flex-wrap items-center gap-3 rounded-xl border border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900 sm:mx-6 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-100">
      <ClockIcon className="h-4 w-4 shrink-0" />
      <p className="flex-1">
        You are looking at the board as it was on <strong>{formatDateTime(asOf)}</strong>. It is read-only.
      </p>
      <Button size="sm" onClick={onBackToNow}>
        Back to now
      </Button>
    </div>
  );
}
