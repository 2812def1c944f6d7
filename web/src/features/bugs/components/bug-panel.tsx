import { useState, type ReactNode } from "react";
import { Avatar } from "@/components/avatar";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { PriorityBadge } from "@/components/priority-badge";
import { Skeleton } from "@/components/skeleton";
import { useToast } from "@/components/toast";
import { errorMessage } from "@/lib/api-client";
import { STATUS_LABELS, nextStatus } from "@/lib/status";
import { formatDateTime, relativeTime } from "@/lib/time";
import { useCurrentUser } from "@/features/auth/hooks/use-auth";
import { useBug } from "@/features/bugs/api/get-bug";
import { useTransitionBug } from "@/features/bugs/api/transition-bug";
import { useUnassignBug } from "@/features/bugs/api/unassign-bug";
import { useUpdateBug } from "@/features/bugs/api/update-bug";
import { AssigneeDialog } from "@/features/bugs/components/assignee-dialog";
import { BugFieldsForm, ResolutionNoteForm } from "@/features/bugs/components/bug-fields-form";
import { CommentsSection } from "@/features/bugs/components/comments-section";
import { ResolutionNoteDialog } from "@/features/bugs/components/resolution-note-dialog";
import { StatusBadge } from "@/features/bugs/components/status-badge";
import { HistoryTimeline } from "@/features/history/components/history-timeline";
import { useUsers } from "@/features/users/api/get-users";
import type { BugDetail, User } from "@/types/api";

export function BugPanel({ bugId, asOf, onClose }: { bugId: number; asOf: string | null; onClose: () => void }) {
  const bug = useBug(bugId, asOf);
  return (
    <Dialog open variant="side" onClose={onClose} title={`Bug #${bugId}`} closeLabel="Close bug details" testId="bug-panel">
      {bug.isPending ? (
        <div className="space-y-4" aria-busy="true">
          <Skeleton className="h-7 w-3/4" />
          <Skeleton className="h-5 w-1/2" />
          <Skeleton className="h-24" />
          <Skeleton className="h-40" />
        </div>
      ) : bug.isError ? (
        <p role="alert" className="text-sm text-rose-600">
          {errorMessage(bug.error)}
        </p>
      ) : (
        <BugDetails bug={bug.data} asOf={asOf} />
      )}
    </Dialog>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3 border-t border-slate-100 pt-5 dark:border-slate-800">
      <h3 className="text-sm font-semibold">{title}</h3>
      {children}
    </section>
  );
}

function BugDetails({ bug, asOf }: { bug: BugDetail; asOf: string | null }) {
  const me = useCurrentUser();
  const isAdmin = me.role === "admin";
  const readOnly = asOf !== null;
  const closed = bug.status === "closed";
  const canEditFields = isAdmin && !readOnly && !closed;
  const canEditNote = !readOnly && !closed && (isAdmin || bug.status === "in_progress");

  return (
    <div className="space-y-5">
      {readOnly ? (
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:bg-amber-500/10 dark:text-amber-200">
          As it was on {formatDateTime(asOf)}. Read-only.
        </p>
      ) : null}
      <div className="space-y-2">
        <p className="text-lg leading-snug font-semibold break-words">{bug.title}</p>
        <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
          <StatusBadge status={bug.status} />
          <PriorityBadge priority={bug.priority} />
          <span>
            opened <time dateTime={bug.created_at} title={formatDateTime(bug.created_at)}>{relativeTime(bug.created_at)}</time>
            <span aria-hidden="true"> · </span>
            <span className="sr-only">, </span>
            updated <time dateTime={bug.updated_at} title={formatDateTime(bug.updated_at)}>{relativeTime(bug.updated_at)}</time>
          </span>
        </div>
      </div>

      {!readOnly ? <TransitionControls bug={bug} me={me} /> : null}

      {canEditFields ? (
        <BugFieldsForm bug={bug} />
      ) : (
        <p className="text-sm whitespace-pre-wrap text-slate-700 dark:text-slate-300">{bug.description || "No description."}</p>
      )}
      {closed && !readOnly ? <p className="text-xs text-slate-500 dark:text-slate-400">Closed bugs are read-only.</p> : null}

      <Section title="Assignee">
        <AssigneeControls bug={bug} editable={isAdmin && !readOnly && !closed} />
      </Section>

      {canEditNote || bug.resolution_note ? (
        <Section title="Resolution note">
          {canEditNote ? (
            <ResolutionNoteForm bug={bug} />
          ) : (
            <p className="text-sm whitespace-pre-wrap text-slate-700 dark:text-slate-300">{bug.resolution_note}</p>
          )}
        </Section>
      ) : null}

      <div className="border-t border-slate-100 pt-5 dark:border-slate-800">
        <CommentsSection bugId={bug.id} comments={bug.comments} me={me} canComment={!readOnly && !closed} />
      </div>

      <Section title="History">
        <HistoryTimeline bugId={bug.id} asOf={asOf} />
      </Section>
    </div>
  );
}

function TransitionControls({ bug, me }: { bug: BugDetail; me: User }) {
  const transition = useTransitionBug();
  const toast = useToast();
  const [dialog, setDialog] = useState<"assignee" | "note" | null>(null);
  const next = nextStatus(bug.status);
  const allowed = next !== null && (me.role === "admin" || (bug.status === "in_progress" && next === "resolved"));
  if (!next || !allowed) return null;

  const label = `#${bug.id} ${bug.title}`;
  const run = (extra: { assignee_id?: number; resolution_note?: string } = {}) =>
    transition.mutateAsync({ bugId: bug.id, status: next, ...extra }).then((b) => {
      toast.success(`Bug #${b.id} moved to ${STATUS_LABELS[b.status]}`);
      setDialog(null);
    });

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant="primary"
        disabled={transition.isPending}
        onClick={() => {
          if (next === "in_progress" && bug.assignee_id === null) setDialog("assignee");
          else if (next === "resolved") setDialog("note");
          else run().catch((err: unknown) => toast.error(errorMessage(err)));
        }}
      >
        Move to {STATUS_LABELS[next]}
      </Button>
      <AssigneeDialog
        open={dialog === "assignee"}
        bugLabel={label}
        defaultAssigneeId={me.id}
        onCancel={() => setDialog(null)}
        onConfirm={(user) => run({ assignee_id: user.id })}
      />
      <ResolutionNoteDialog
        open={dialog === "note"}
        bugLabel={label}
        initialNote={bug.resolution_note}
        onCancel={() => setDialog(null)}
        onConfirm={(note) => run({ resolution_note: note })}
      />
    </div>
  );
}

function AssigneeControls({ bug, editable }: { bug: BugDetail; editable: boolean }) {
  const users = useUsers({ limit: 500 }, { enabled: editable });
  const update = useUpdateBug();
  const unassign = useUnassignBug();
  const toast = useToast();

  if (!editable) {
    return bug.assignee_name && bug.assignee_id !== null ? (
      <p className="flex items-center gap-2 text-sm">
        <Avatar name={bug.assignee_name} id={bug.assignee_id} /> {bug.assignee_name}
      </p>
    ) : (
      <p className="text-sm text-slate-500 dark:text-slate-400">Nobody yet.</p>
    );
  }

  const candidates = (users.data?.users ?? []).filter((u) => !u.is_blocked || u.id === bug.assignee_id);
  return (
    <div className="flex flex-wrap items-end gap-2">
      <div className="min-w-48 flex-1">
        <label htmlFor={`assignee-${bug.id}`} className="sr-only">
          Assignee
        </label>
        <select
          id={`assignee-${bug.id}`}
          value={bug.assignee_id ?? ""}
          disabled={update.isPending || users.isPending}
          onChange={(e) => {
            if (!e.target.value) return;
            update.mutate(
              { bugId: bug.id, assignee_id: Number(e.target.value) },
              { onSuccess: (b) => toast.success(`Assigned to ${b.assignee_name ?? "them"}`), onError: (err) => toast.error(errorMessage(err)) },
            );
          }}
          className="h-9 w-full rounded-lg border border-slate-300 bg-white px-2.5 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
        >
          <option value="" disabled>
            {users.isPending ? "Loading people…" : "Unassigned"}
          </option>
          {bug.assignee_id !== null && !candidates.some((u) => u.id === bug.assignee_id) ? (
            <option value={bug.assignee_id}>{bug.assignee_name}</option>
          ) : null}
          {candidates.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </div>
      {bug.assignee_id !== null ? (
        <Button
          size="md"
          disabled={unassign.isPending}
          onClick={() => unassign.mutate(bug.id, { onSuccess: () => toast.success("Unassigned"), onError: (err) => toast.error(errorMessage(err)) })}
        >
          Unassign
        </Button>
      ) : null}
    </div>
  );
}
