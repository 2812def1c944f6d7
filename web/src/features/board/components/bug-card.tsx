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
    <div className="space-y-1.5">
      <div className="flex h-5 items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
        {handle}
        <span className="font-mono font-medium">#{card.id}</span>
        <PriorityBadge priority={card.priority} />
        <time className="ml-auto tabular-nums" dateTime={card.created_at} title={`Opened ${formatDateTime(card.created_at)}`}>
          <span className="sr-only">age </span>
          {shortAge(card.created_at)}
        </time>
        {menu}
      </div>
      <p className="line-clamp-2 text-sm leading-snug font-medium text-slate-900 dark:text-slate-100">{title ?? card.title}</p>
      <div className="flex h-6 items-center gap-3 pt-0.5 text-xs text-slate-500 dark:text-slate-400">
        {card.assignee_name && card.assignee_id !== null ? (
          <Avatar name={card.assignee_name} id={card.assignee_id} />
        ) : (
          <span
            className="inline-flex h-6 w-6 items-center justify-center rounded-full border border-dashed border-slate-400 text-slate-500 dark:border-slate-500 dark:text-slate-400"
            title="Unassigned"
          >
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
  );
}

const cardFrame =
  "group relative rounded-xl border border-slate-200 bg-white p-3 shadow-[0_1px_2px_rgba(15,23,42,0.04)] transition-[border-color,box-shadow] hover:border-slate-300 hover:shadow-sm dark:border-slate-700/60 dark:bg-slate-800/60 dark:shadow-none dark:hover:border-slate-600";

/** The grip, as a box the same size as the handle button, so the overlay lines up with the card. */
const grip = "-my-1 -ml-1 inline-flex shrink-0 rounded p-0.5";

export function CardOverlay({ card }: { card: Card }) {
  return (
    <div className={`${cardFrame} w-full cursor-grabbing border-indigo-300 shadow-xl ring-2 ring-indigo-500/20 dark:border-indigo-400/60 dark:bg-slate-800`}>
      <CardContent card={card} handle={<span className={`${grip} text-slate-500 dark:text-slate-400`}><GripIcon className="h-4 w-4" /></span>} />
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
              className={`${grip} cursor-grab text-slate-400 hover:bg-slate-100 hover:text-slate-700 dark:text-slate-500 dark:hover:bg-slate-700 dark:hover:text-slate-200`}
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
