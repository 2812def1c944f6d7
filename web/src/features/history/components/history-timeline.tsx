import { Skeleton } from "@/components/skeleton";
import { errorMessage } from "@/lib/api-client";
import { PRIORITY_LABELS, STATUS_LABELS, isBugStatus, isPriority } from "@/lib/status";
import { formatDateTime, relativeTime } from "@/lib/time";
import { useBugHistory } from "@/features/history/api/get-bug-history";
import type { HistoryEntry, HistoryField, HistoryValue } from "@/types/api";

const SHOWN_FIELDS: ReadonlySet<HistoryField> = new Set(["title", "description", "priority", "assignee", "status", "resolution_note"]);

export function formatHistoryValue(field: HistoryField | null, value: HistoryValue): string {
  if (value === null || value === "") return "none";
  if (field === "status" && isBugStatus(value)) return STATUS_LABELS[value];
  if (field === "priority" && isPriority(value)) return PRIORITY_LABELS[value];
  const text = String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

export function HistoryTimeline({ bugId, asOf = null }: { bugId: number; asOf?: string | null }) {
  const history = useBugHistory(bugId);

  if (history.isPending) {
    return (
      <div className="space-y-3" aria-busy="true">
        <Skeleton className="h-10" />
        <Skeleton className="h-10" />
      </div>
    );
  }
  if (history.isError) {
    return (
      <p role="alert" className="text-sm text-rose-600">
        {errorMessage(history.error)}
      </p>
    );
  }
  // On a past board the timeline stops at that instant.
  const limit = asOf ? Date.parse(asOf) : null;
  const entries = limit === null ? history.data : history.data.filter((e) => Date.parse(e.at) <= limit);
  if (entries.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">No history yet.</p>;

  return (
    <ol aria-label="History" className="relative space-y-4 border-l border-slate-200 pl-5 dark:border-slate-800">
      {entries.map((entry) => (
        <HistoryItem key={entry.position} entry={entry} />
      ))}
    </ol>
  );
}

function HistoryItem({ entry }: { entry: HistoryEntry }) {
  const showChange = entry.field !== null && SHOWN_FIELDS.has(entry.field) && (entry.old !== null || entry.new !== null);
  return (
    <li className="relative" data-testid={`history-${entry.position}`}>
      <span className="absolute top-1.5 -left-[25px] h-2.5 w-2.5 rounded-full border-2 border-white bg-indigo-500 dark:border-slate-900" aria-hidden="true" />
      <p className="text-sm text-slate-800 dark:text-slate-200">{entry.summary}</p>
      {showChange ? (
        <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
          <OldValue text={formatHistoryValue(entry.field, entry.old_display ?? entry.old)} empty={entry.old === null || entry.old === ""} />
          <span aria-hidden="true"> → </span>
          <span className="sr-only"> changed to </span>
          <span className="font-medium text-slate-700 dark:text-slate-300">{formatHistoryValue(entry.field, entry.new_display ?? entry.new)}</span>
        </p>
      ) : null}
      <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
        {entry.actor_name ?? "System"} ·{" "}
        <time dateTime={entry.at} title={formatDateTime(entry.at)}>
          {relativeTime(entry.at)}
        </time>
      </p>
    </li>
  );
}

/** The value before the change: struck through, unless there was none. */
function OldValue({ text, empty }: { text: string; empty: boolean }) {
  if (empty) return <span className="italic">{text}</span>;
  return <span className="line-through decoration-slate-400/70">{text}</span>;
}
