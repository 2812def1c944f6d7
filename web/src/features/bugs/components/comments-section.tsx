import { useState, type FormEvent } from "react";
import { Avatar } from "@/components/avatar";
import { Button } from "@/components/button";
import { FormError, TextArea } from "@/components/field";
import { useToast } from "@/components/toast";
import { errorMessage } from "@/lib/api-client";
import { formatDateTime, relativeTime } from "@/lib/time";
import { useIdempotencyKey } from "@/lib/use-idempotency-key";
import { isBlank } from "@/lib/validation";
import { useAddComment, useDeleteComment, useEditComment } from "@/features/bugs/api/comments";
import type { Comment, User } from "@/types/api";

export function CommentsSection({
  bugId,
  comments,
  me,
  canComment,
}: {
  bugId: number;
  comments: Comment[];
  me: User;
  canComment: boolean;
}) {
  return (
    <section aria-labelledby={`comments-${bugId}`} className="space-y-4">
      <h3 id={`comments-${bugId}`} className="text-sm font-semibold">
        Comments <span className="font-normal text-slate-500 dark:text-slate-400">({comments.length})</span>
      </h3>
      {comments.length === 0 ? <p className="text-sm text-slate-500 dark:text-slate-400">No comments yet.</p> : null}
      <ul className="space-y-3">
        {comments.map((comment) => (
          <CommentItem key={comment.id} bugId={bugId} comment={comment} me={me} canChange={canComment} />
        ))}
      </ul>
      {canComment ? <AddCommentForm bugId={bugId} /> : null}
    </section>
  );
}

function AddCommentForm({ bugId }: { bugId: number }) {
  const add = useAddComment();
  const [key, renewKey] = useIdempotencyKey();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (isBlank(text)) {
      setError("Write something first");
      return;
    }
    setError(null);
    add.mutate(
      { bugId, text: text.trim(), idempotencyKey: key },
      {
        onSuccess: () => {
          setText("");
          renewKey();
        },
      },
    );
  };

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-2">
      <TextArea label="Add a comment" value={text} onChange={(e) => setText(e.target.value)} error={error} className="min-h-20" />
      <FormError message={add.isError ? errorMessage(add.error) : null} />
      <div className="flex justify-end">
        <Button type="submit" variant="primary" size="sm" disabled={add.isPending}>
          Comment
        </Button>
      </div>
    </form>
  );
}

function CommentItem({ bugId, comment, me, canChange }: { bugId: number; comment: Comment; me: User; canChange: boolean }) {
  const toast = useToast();
  const edit = useEditComment();
  const remove = useDeleteComment();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(comment.text);
  const [error, setError] = useState<string | null>(null);
  const mine = comment.author_id === me.id;
  const canDelete = canChange && (mine || me.role === "admin");

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (isBlank(draft)) {
      setError("A comment cannot be empty");
      return;
    }
    edit.mutate(
      { bugId, commentId: comment.id, text: draft.trim() },
      { onSuccess: () => setEditing(false), onError: (err) => setError(errorMessage(err)) },
    );
  };

  return (
    <li className="flex gap-3" data-testid={`comment-${comment.id}`}>
      <Avatar name={comment.author_name} id={comment.author_id} decorative />
      <div className="min-w-0 flex-1">
        <p className="text-xs text-slate-500 dark:text-slate-400">
          <span className="font-medium text-slate-800 dark:text-slate-200">{comment.author_name}</span> ·{" "}
          <time dateTime={comment.created_at} title={formatDateTime(comment.created_at)}>
            {relativeTime(comment.created_at)}
          </time>
          {comment.edited ? <span> · edited</span> : null}
        </p>
        {editing ? (
          <form noValidate onSubmit={save} className="mt-1 space-y-2">
            <TextArea label="Edit comment" hideLabel value={draft} onChange={(e) => setDraft(e.target.value)} error={error} className="min-h-16" />
            <div className="flex justify-end gap-2">
              <Button
                size="sm"
                onClick={() => {
                  setEditing(false);
                  setDraft(comment.text);
                  setError(null);
                }}
              >
                Cancel
              </Button>
              <Button size="sm" type="submit" variant="primary" disabled={edit.isPending}>
                Save
              </Button>
            </div>
          </form>
        ) : (
          <p className="mt-0.5 text-sm break-words whitespace-pre-wrap text-slate-800 dark:text-slate-200">{comment.text}</p>
        )}
        {!editing && (canChange && mine || canDelete) ? (
          <div className="mt-1 flex gap-3 text-xs">
            {canChange && mine ? (
              <button type="button" className="font-medium text-slate-500 hover:text-indigo-600 dark:text-slate-400 dark:hover:text-indigo-300" onClick={() => setEditing(true)} aria-label="Edit comment">
                Edit
              </button>
            ) : null}
            {canDelete ? (
              <button
                type="button"
                className="font-medium text-slate-500 hover:text-rose-600 dark:text-slate-400 dark:hover:text-rose-400"
                aria-label="Delete comment"
                disabled={remove.isPending}
                onClick={() => {
                  if (!window.confirm("Delete this comment?")) return;
                  remove.mutate({ bugId, commentId: comment.id }, { onError: (err) => toast.error(errorMessage(err)) });
                }}
              >
                Delete
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </li>
  );
}
