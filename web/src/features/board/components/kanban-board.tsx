import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MeasuringStrategy,
  MouseSensor,
  TouchSensor,
  closestCenter,
  getFirstCollision,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type DropAnimation,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { arrayMove, sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useToast } from "@/components/toast";
import { dragGate } from "@/lib/drag-gate";
import { errorMessage } from "@/lib/api-client";
import { usePrefersReducedMotion } from "@/lib/reduced-motion";
import { STATUS_LABELS } from "@/lib/status";
import { AssigneeDialog } from "@/features/bugs/components/assignee-dialog";
import { ResolutionNoteDialog } from "@/features/bugs/components/resolution-note-dialog";
import { useMoveBug, type MoveBugInput } from "@/features/board/api/move-bug";
import { BoardColumn } from "@/features/board/components/board-column";
import { CardOverlay, SortableBugCard } from "@/features/board/components/bug-card";
import { MoveMenu, type MoveMenuItem } from "@/features/board/components/move-menu";
import { KEYBOARD_INSTRUCTIONS, cancelled, movedOver, movedTo, pickedUp } from "@/features/board/utils/announcements";
import { allowedTargets, canDrag, checkDrop, toMoveCommand, type DragResult, type MoveActor, type MoveCommand } from "@/features/board/utils/move-rules";
import { BUG_STATUSES, type Board, type BoardQuery, type BugStatus, type Card, type User } from "@/types/api";

type Items = Record<BugStatus, number[]>;

/** The dragged card settles into place quickly; with reduced motion it is simply there. */
const DROP_ANIMATION: DropAnimation = { duration: 150, easing: "cubic-bezier(0.2, 0, 0, 1)" };

function itemsFromBoard(board: Board): Items {
  const items: Items = { open: [], in_progress: [], resolved: [], closed: [] };
  for (const column of board.columns) items[column.status] = column.cards.map((c) => c.id);
  return items;
}

function statusOfColumnId(id: UniqueIdentifier): BugStatus | null {
  if (typeof id !== "string" || !id.startsWith("column:")) return null;
  const status = id.slice("column:".length);
  return (BUG_STATUSES as readonly string[]).includes(status) ? (status as BugStatus) : null;
}

function containerOf(items: Items, id: UniqueIdentifier): BugStatus | null {
  const column = statusOfColumnId(id);
  if (column) return column;
  return BUG_STATUSES.find((s) => items[s].includes(id as number)) ?? null;
}

interface PendingMove {
  kind: "needs_assignee" | "needs_note";
  move: MoveCommand;
  card: Card;
}

export interface KanbanBoardProps {
  board: Board;
  /** The key of the board query shown, for the optimistic update. */
  query: BoardQuery;
  user: User;
  readOnly: boolean;
  bugHref: (bugId: number) => string;
  onShowMore: (status: BugStatus) => void;
  loadingMore: boolean;
  collapsedClosed: boolean;
  onToggleClosed: () => void;
  filtered: boolean;
}

export function KanbanBoard({
  board,
  query,
  user,
  readOnly,
  bugHref,
  onShowMore,
  loadingMore,
  collapsedClosed,
  onToggleClosed,
  filtered,
}: KanbanBoardProps) {
  const toast = useToast();
  const move = useMoveBug(board.project.id, query);
  const actor: MoveActor = user;
  const reducedMotion = usePrefersReducedMotion();

  const cardsById = useMemo(() => {
    const map = new Map<number, Card>();
    for (const column of board.columns) for (const card of column.cards) map.set(card.id, card);
    return map;
  }, [board]);
  const boardItems = useMemo(() => itemsFromBoard(board), [board]);
  const counts = useMemo(() => Object.fromEntries(board.columns.map((c) => [c.status, c.count])) as Record<BugStatus, number>, [board]);

  const [dragItems, setDragItems] = useState<Items | null>(null);
  const [activeId, setActiveId] = useState<number | null>(null);
  const [pending, setPending] = useState<PendingMove | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [focusCardId, setFocusCardId] = useState<number | null>(null);
  const frozenBoard = useRef<Board | null>(null);
  const items = dragItems ?? boardItems;
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const lastOverId = useRef<UniqueIdentifier | null>(null);
  const originStatus = useRef<BugStatus | null>(null);
  /** dnd-kit reports "over" right after "picked up"; skip it so the pick-up sentence is heard. */
  const skipNextOver = useRef(false);

  const activeCard = activeId === null ? undefined : cardsById.get(activeId);
  const targets = useMemo(() => (activeCard ? allowedTargets(activeCard, actor, readOnly) : []), [activeCard, actor, readOnly]);

  // Live updates wait while a card is in the air or in a drop dialog.
  useEffect(() => {
    dragGate.setBusy(activeId !== null || pending !== null);
  }, [activeId, pending]);
  useEffect(() => () => dragGate.setBusy(false), []);

  // After a drop, show the dropped order until the board query has caught up (no flicker).
  useEffect(() => {
    if (dragItems && activeId === null && pending === null && frozenBoard.current !== board) {
      frozenBoard.current = null;
      setDragItems(null);
    }
  }, [board, dragItems, activeId, pending]);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 220, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const collisionDetection: CollisionDetection = useCallback(
    (args) => {
      const pointer = pointerWithin(args);
      const intersections = pointer.length > 0 ? pointer : rectIntersection(args);
      let overId = getFirstCollision(intersections, "id");
      if (overId !== null) {
        const column = statusOfColumnId(overId);
        if (column && !(column === "closed" && collapsedClosed)) {
          const ids = itemsRef.current[column];
          if (ids.length > 0) {
            const closest = closestCenter({
              ...args,
              droppableContainers: args.droppableContainers.filter((c) => c.id !== overId && ids.includes(c.id as number)),
            });
            overId = closest[0]?.id ?? overId;
          }
        }
        lastOverId.current = overId;
        return [{ id: overId }];
      }
      return lastOverId.current === null ? [] : [{ id: lastOverId.current }];
    },
    [collapsedClosed],
  );

  const send = useCallback(
    (command: MoveCommand, extra: Pick<MoveBugInput, "assignee" | "resolution_note"> = {}) => {
      const input: MoveBugInput = {
        bug_id: command.bug_id,
        status: command.status,
        after_id: command.after_id,
        before_id: command.before_id,
        ...extra,
      };
      move.mutate(input, {
        onSuccess: () => setAnnouncement(movedTo({ id: command.bug_id }, command.status)),
        onError: (error) => {
          frozenBoard.current = null;
          setDragItems(null);
          const message = errorMessage(error);
          toast.error(message);
          setAnnouncement(`Bug #${command.bug_id} was not moved: ${message}`);
        },
      });
    },
    [move, toast],
  );

  /** One path for drops and the Move to menu: decide, then send, ask, or explain. */
  const decide = useCallback(
    (drag: DragResult): boolean => {
      const decision = toMoveCommand(board, drag, actor);
      const card = cardsById.get(drag.bug_id);
      switch (decision.kind) {
        case "noop":
          return false;
        case "refused":
          toast.error(decision.reason);
          setAnnouncement(`Bug #${drag.bug_id} was not moved: ${decision.reason}.`);
          return false;
        case "move":
          send(decision);
          return true;
        case "needs_assignee":
        case "needs_note":
          if (!card) return false;
          setPending({ kind: decision.kind, move: decision.move, card });
          return true;
      }
    },
    [board, actor, cardsById, send, toast],
  );

  const onDragStart = ({ active }: DragStartEvent) => {
    const id = Number(active.id);
    originStatus.current = containerOf(boardItems, id);
    frozenBoard.current = null;
    setDragItems(boardItems);
    setActiveId(id);
  };

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over || !activeCard) return;
    const current = itemsRef.current;
    const from = containerOf(current, active.id);
    const to = containerOf(current, over.id);
    if (!from || !to || from === to) return;
    if (!targets.includes(to) || (to === "closed" && collapsedClosed)) return;
    const overColumn = statusOfColumnId(over.id) !== null;
    const toIds = current[to];
    let index = toIds.length;
    if (!overColumn) {
      const overIndex = toIds.indexOf(over.id as number);
      const translated = active.rect.current.translated;
      const below = translated !== null && translated.top > over.rect.top + over.rect.height / 2;
      index = overIndex >= 0 ? overIndex + (below ? 1 : 0) : toIds.length;
    }
    setDragItems({
      ...current,
      [from]: current[from].filter((id) => id !== active.id),
      [to]: [...toIds.slice(0, index), Number(active.id), ...toIds.slice(index)],
    });
  };

  const finishDrag = () => {
    setActiveId(null);
    lastOverId.current = null;
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const id = Number(active.id);
    const current = itemsRef.current;
    const origin = originStatus.current;
    finishDrag();
    if (!over || !origin) {
      setDragItems(null);
      return;
    }
    const toStatus = containerOf(current, over.id);
    if (!toStatus) {
      setDragItems(null);
      return;
    }
    const list = current[toStatus];
    let finalList = list;
    let toIndex: number;
    if (list.includes(id)) {
      const activeIndex = list.indexOf(id);
      const overIndex = statusOfColumnId(over.id) !== null ? activeIndex : list.indexOf(over.id as number);
      if (overIndex >= 0 && overIndex !== activeIndex) finalList = arrayMove(list, activeIndex, overIndex);
      toIndex = finalList.indexOf(id);
    } else {
      // Over a column that refused the preview (or is collapsed): top of it.
      toIndex = statusOfColumnId(over.id) !== null ? 0 : Math.max(0, list.indexOf(over.id as number));
    }
    const accepted = decide({ bug_id: id, to_status: toStatus, to_index: toIndex });
    if (accepted && list.includes(id)) {
      frozenBoard.current = board;
      setDragItems({ ...current, [toStatus]: finalList });
    } else {
      setDragItems(null);
      if (!accepted) setFocusCardId(id);
    }
  };

  const onDragCancel = () => {
    finishDrag();
    setDragItems(null);
  };

  const positionOf = (status: BugStatus, id: number, list: Items) => ({
    position: list[status].indexOf(id) + 1,
    total: list[status].length,
  });

  const announcements: Announcements = {
    onDragStart({ active }) {
      const card = cardsById.get(Number(active.id));
      const status = containerOf(boardItems, active.id);
      if (!card || !status) return undefined;
      skipNextOver.current = true;
      const { position, total } = positionOf(status, card.id, boardItems);
      return pickedUp(card, status, position, total);
    },
    onDragOver({ active, over }) {
      const card = cardsById.get(Number(active.id));
      if (!card) return undefined;
      if (skipNextOver.current) {
        skipNextOver.current = false;
        if (over?.id === active.id) return undefined;
      }
      if (!over) return `Bug #${card.id} is no longer over a column.`;
      const status = containerOf(itemsRef.current, over.id);
      if (!status) return undefined;
      const check = checkDrop(card.status, status, actor, readOnly);
      const list = itemsRef.current;
      const { position, total } = list[status].includes(card.id) ? positionOf(status, card.id, list) : { position: 1, total: list[status].length + 1 };
      return movedOver(card, status, position, total, check.allowed, check.allowed ? undefined : check.reason);
    },
    onDragEnd() {
      // The outcome (moved, needs input, refused) is announced by the board's own live region.
      return undefined;
    },
    onDragCancel({ active }) {
      const card = cardsById.get(Number(active.id));
      return card ? cancelled(card, card.status) : undefined;
    },
  };

  const menuFor = (card: Card, status: BugStatus, index: number, length: number) => {
    const columns: MoveMenuItem[] = BUG_STATUSES.filter((s) => s !== status).map((target) => {
      const check = checkDrop(card.status, target, actor, readOnly);
      return {
        key: target,
        label: STATUS_LABELS[target],
        disabled: !check.allowed,
        reason: check.allowed ? undefined : check.reason,
        onSelect: () => decide({ bug_id: card.id, to_status: target, to_index: 0 }),
      };
    });
    const canReorder = checkDrop(card.status, card.status, actor, readOnly).allowed;
    const reorder: MoveMenuItem[] = canReorder
      ? [
          { key: "top", label: "Move to top", disabled: index === 0, onSelect: () => decide({ bug_id: card.id, to_status: status, to_index: 0 }) },
          { key: "up", label: "Move up", disabled: index === 0, onSelect: () => decide({ bug_id: card.id, to_status: status, to_index: index - 1 }) },
          { key: "down", label: "Move down", disabled: index >= length - 1, onSelect: () => decide({ bug_id: card.id, to_status: status, to_index: index + 1 }) },
          { key: "bottom", label: "Move to bottom", disabled: index >= length - 1, onSelect: () => decide({ bug_id: card.id, to_status: status, to_index: length - 1 }) },
        ]
      : [];
    return <MoveMenu bugId={card.id} columns={columns} reorder={reorder} />;
  };

  const clearFocus = useCallback(() => setFocusCardId(null), []);

  const resolvePending = (extra: Pick<MoveBugInput, "assignee" | "resolution_note">) => {
    if (!pending) return;
    frozenBoard.current = board;
    send(pending.move, extra);
    setPending(null);
  };

  const cancelPending = () => {
    if (!pending) return;
    setAnnouncement(cancelled(pending.card, pending.card.status));
    setFocusCardId(pending.card.id);
    setPending(null);
    setDragItems(null);
  };

  return (
    <>
      <DndContext
        sensors={sensors}
        collisionDetection={collisionDetection}
        measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={onDragCancel}
        accessibility={{ announcements, screenReaderInstructions: { draggable: KEYBOARD_INSTRUCTIONS } }}
      >
        <div
          data-testid="board-columns"
          className="scrollbar-thin flex min-h-0 flex-1 snap-x snap-mandatory scroll-px-4 gap-3 overflow-x-auto px-4 pb-4 sm:scroll-px-6 sm:px-6 lg:snap-none lg:overflow-x-visible"
        >
          {BUG_STATUSES.map((status) => {
            const collapsed = status === "closed" && collapsedClosed;
            const ids = collapsed ? [] : items[status];
            const dimCheck = activeCard ? checkDrop(activeCard.status, status, actor, readOnly) : null;
            const dimmed = activeCard !== undefined && !targets.includes(status);
            const loaded = board.columns.find((c) => c.status === status)?.cards.length ?? 0;
            return (
              <BoardColumn
                key={status}
                status={status}
                count={counts[status]}
                cardIds={ids}
                loaded={loaded}
                dimmed={dimmed}
                dimReason={dimCheck && !dimCheck.allowed ? dimCheck.reason : undefined}
                accepts={activeCard !== undefined && targets.includes(status) && status !== activeCard.status}
                collapsible={status === "closed"}
                collapsed={collapsed}
                onToggleCollapsed={onToggleClosed}
                onShowMore={() => onShowMore(status)}
                loadingMore={loadingMore}
                emptyText={filtered ? "No bugs match the filters" : status === "open" ? "No open bugs" : "Nothing here yet"}
              >
                {ids.map((id, index) => {
                  const card = cardsById.get(id);
                  if (!card) return null;
                  return (
                    <SortableBugCard
                      key={id}
                      card={card}
                      href={bugHref(id)}
                      canDrag={!readOnly && canDrag(card, actor, readOnly)}
                      menu={readOnly ? null : menuFor(card, status, index, ids.length)}
                      focusHandle={focusCardId === id}
                      onFocused={clearFocus}
                    />
                  );
                })}
              </BoardColumn>
            );
          })}
        </div>
        <DragOverlay dropAnimation={reducedMotion ? null : DROP_ANIMATION}>{activeCard ? <CardOverlay card={activeCard} /> : null}</DragOverlay>
      </DndContext>
      <div role="status" aria-live="polite" className="sr-only" data-testid="board-announcer">
        {announcement}
      </div>
      <AssigneeDialog
        open={pending?.kind === "needs_assignee"}
        bugLabel={pending ? `Bug #${pending.card.id}` : ""}
        defaultAssigneeId={user.id}
        onCancel={cancelPending}
        onConfirm={(assignee) => resolvePending({ assignee: { id: assignee.id, name: assignee.name } })}
      />
      <ResolutionNoteDialog
        open={pending?.kind === "needs_note"}
        bugLabel={pending ? `bug #${pending.card.id}` : ""}
        onCancel={cancelPending}
        onConfirm={(note) => resolvePending({ resolution_note: note })}
      />
    </>
  );
}
