import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { memo, useEffect, useRef, type ReactNode } from "react";
import { Link } from "react-router";
import { Avatar } from "@/components/avatar";
import { CommentIcon, GripIcon } from "@/components/icons";
import { PriorityBadge } from "@/components/priority-badge";
import { formatDateTime, shortAge } from "@/lib/time";
import type { Card } from "@/types/api";

/** What a card shows; shared by the board and the drag overlay. */
export function CardContent({ card, title, handle, menu }: { card: Card; title?: ReactNode; handle?: ReactNode; menu?: ReactNode }) {
  return (
    <div className="flex items-start gap-1.5">
      {handle}
      <div className="min-w-0 flex-1 space-y-2">
        <div className="flex items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
          <span className="font-mono font-medium text-slate-500 dark:text-slate-400">#{card.id}</span>
          <PriorityBadge priority={card.priority} />
          <time className="ml-auto tabular-nums" dateTime={card.created_at} title={`Opened ${formatDateTime(card.created_at)}`}>
            <span className="sr-only">age </span>
            {shortAge(card.created_at)}
          </time>
        </div>
        <p className="line-clamp-2 text-sm leading-snug font-medium text-slate-900 dark:text-slate-100">{title ?? card.title}</p>
        <div className="flex h-6 items-center gap-3 text-xs text-slate-500 dark:text-slate-400">
          {card.assignee_name && card.assignee_id !== null ? (
            <Avatar name={card.assignee_name} id={card.assignee_id} />
          ) : (
            <span className="inline-flex h-6 w-6 items-center justify-center rounded-full border border-dashed border-slate-300 text-[10px] dark:border-slate-600" title="Unassigned">
              <span className="sr-only">Unassigned</span>
              <span aria-hidden="true">–</span>
            </span>
          )}
          <span className="inline-flex items-center gap-1" title={`${card.comment_count} comments`}>
            <CommentIcon className="h-3.5 w-3.5" aria-hidden="true" />
            <span className="sr-only">Comments: </span>
            {card.comment_count}
          </span>
        </div>
      </div>
      {menu}
    </div>
  );
}

const cardFrame =
  "group relative rounded-xl border border-slate-200 bg-white p-3 shadow-[0_1px_2px_rgba(15,23,42,0.04)] transition-[border-color,box-shadow] hover:border-slate-300 hover:shadow-sm dark:border-slate-800 dark:bg-slate-900 dark:hover:border-slate-700";

export function CardOverlay({ card }: { card: Card }) {
  return (
    <div className={`${cardFrame} w-full cursor-grabbing border-indigo-300 shadow-xl ring-2 ring-indigo-500/20 dark:border-indigo-500/50`}>
      <CardContent card={card} handle={<span className="mt-0.5 -ml-1 p-0.5 text-slate-400"><GripIcon className="h-4 w-4" /></span>} />
    </div>
  );
}

export interface SortableBugCardProps {
  card: Card;
  href: string;
  canDrag: boolean;
  menu: ReactNode;
  /** Put focus on the drag handle (after a keyboard move or a cancelled dialog). */
  focusHandle?: boolean;
  onFocused?: () => void;
}

export const SortableBugCard = memo(function SortableBugCard({ card, href, canDrag, menu, focusHandle, onFocused }: SortableBugCardProps) {
  const { setNodeRef, setActivatorNodeRef, attributes, listeners, transform, transition, isDragging } = useSortable({
    id: card.id,
    data: { type: "card", status: card.status },
    disabled: !canDrag,
    attributes: { roleDescription: "draggable bug" },
  });
  const handleRef = useRef<HTMLButtonElement | null>(null);
  const titleRef = useRef<HTMLAnchorElement | null>(null);

  useEffect(() => {
    if (!focusHandle) return;
    (handleRef.current ?? titleRef.current)?.focus();
    onFocused?.();
  }, [focusHandle, onFocused]);

  // Pointer/touch drags start anywhere on the card; keyboard drags from the handle only.
  const { onKeyDown, ...pointerListeners } = listeners ?? {};

  return (
    <li
      ref={setNodeRef}
      data-testid={`card-${card.id}`}
      data-status={card.status}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={`${cardFrame} ${canDrag ? "cursor-grab touch-manipulation" : ""} ${isDragging ? "opacity-40" : ""}`}
      {...(canDrag ? pointerListeners : {})}
    >
      <CardContent
        card={card}
        title={
          <Link ref={titleRef} to={href} className="hover:text-indigo-600 hover:underline focus-visible:underline dark:hover:text-indigo-300">
            {card.title}
          </Link>
        }
        handle={
          canDrag ? (
            <button
              type="button"
              ref={(node) => {
                handleRef.current = node;
                setActivatorNodeRef(node);
              }}
              {...attributes}
              onKeyDown={onKeyDown as React.KeyboardEventHandler<HTMLButtonElement> | undefined}
              aria-label={`Drag bug #${card.id}`}
              className="-ml-1 mt-0.5 cursor-grab rounded p-0.5 text-slate-300 hover:bg-slate-100 hover:text-slate-600 dark:text-slate-600 dark:hover:bg-slate-800 dark:hover:text-slate-300"
            >
              <GripIcon className="h-4 w-4" />
            </button>
          ) : null
        }
        menu={menu}
      />
    </li>
  );
});
