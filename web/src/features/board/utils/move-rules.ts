/**
 * The move rules: a pure function from "where the card was dropped" to the command to send.
 * The server stays the judge; these rules only keep the UI from offering what it would refuse.
 */
import type { Board, BugStatus, Card, Role } from "@/types/api";
import { BUG_STATUSES } from "@/types/api";
import { STATUS_LABELS, nextStatus } from "@/lib/status";

export interface MoveActor {
  id: number;
  role: Role;
  is_blocked?: boolean;
}

/** What the drag library reports after a drop. */
export interface DragResult {
  bug_id: number;
  to_status: BugStatus;
  /** Index in the destination column's card list with the dragged card left out. */
  to_index: number;
}

export interface MoveCommand {
  kind: "move";
  bug_id: number;
  status: BugStatus;
  /** The card that ends up directly above (null: top of the column). */
  after_id: number | null;
  /** The card that ends up directly below (null: bottom of the loaded cards). */
  before_id: number | null;
}

export type MoveDecision =
  | MoveCommand
  | { kind: "needs_assignee"; move: MoveCommand }
  | { kind: "needs_note"; move: MoveCommand }
  | { kind: "refused"; reason: string }
  | { kind: "noop" };

export const REASONS = {
  readOnly: "The board is read-only while you look at a past instant",
  blocked: "Your account is blocked",
  memberReorder: "Members cannot reorder bugs",
  memberMove: "Members can only resolve in_progress bugs",
  closed: "Closed bugs cannot move",
  backwards: "Bugs cannot move back in the lifecycle",
  notOnBoard: "This bug is not on the board any more",
} as const;

function oneStepReason(from: BugStatus): string {
  const next = nextStatus(from);
  return next
    ? `Bugs move one step at a time: from ${STATUS_LABELS[from]} only to ${STATUS_LABELS[next]}`
    : REASONS.closed;
}

export type DropCheck = { allowed: true } | { allowed: false; reason: string };

/** May `actor` drop a card of status `from` on column `to`? Same column = reorder. */
export function checkDrop(
  from: BugStatus,
  to: BugStatus,
  actor: MoveActor,
  readOnly = false,
): DropCheck {
  if (readOnly) return { allowed: false, reason: REASONS.readOnly };
  if (actor.is_blocked) return { allowed: false, reason: REASONS.blocked };
  if (from === to) {
    return actor.role === "admin" ? { allowed: true } : { allowed: false, reason: REASONS.memberReorder };
  }
  if (from === "closed") return { allowed: false, reason: REASONS.closed };
  if (BUG_STATUSES.indexOf(to) < BUG_STATUSES.indexOf(from)) {
    return { allowed: false, reason: REASONS.backwards };
  }
  if (nextStatus(from) !== to) return { allowed: false, reason: oneStepReason(from) };
  if (actor.role !== "admin" && !(from === "in_progress" && to === "resolved")) {
    return { allowed: false, reason: REASONS.memberMove };
  }
  return { allowed: true };
}

/** The columns a card may be dropped on (its own column included when reordering is allowed). */
export function allowedTargets(card: Pick<Card, "status">, actor: MoveActor, readOnly = false): BugStatus[] {
  return BUG_STATUSES.filter((to) => checkDrop(card.status, to, actor, readOnly).allowed);
}

/** Can the card be picked up at all (does it have anywhere to go, its own column included)? */
export function canDrag(card: Pick<Card, "status">, actor: MoveActor, readOnly = false): boolean {
  return allowedTargets(card, actor, readOnly).length > 0;
}

export function findCard(board: Board, bugId: number): Card | undefined {
  for (const column of board.columns) {
    const card = column.cards.find((c) => c.id === bugId);
    if (card) return card;
  }
  return undefined;
}

export function toMoveCommand(board: Board, drag: DragResult, actor: MoveActor): MoveDecision {
  const card = findCard(board, drag.bug_id);
  if (!card) return { kind: "refused", reason: REASONS.notOnBoard };

  const check = checkDrop(card.status, drag.to_status, actor, board.as_of !== null);
  if (!check.allowed) return { kind: "refused", reason: check.reason };

  const column = board.columns.find((c) => c.status === drag.to_status);
  const others = (column?.cards ?? []).filter((c) => c.id !== card.id);
  const index = Math.max(0, Math.min(Math.trunc(drag.to_index), others.length));

  if (card.status === drag.to_status) {
    const original = (column?.cards ?? []).findIndex((c) => c.id === card.id);
    if (original === index) return { kind: "noop" };
  }

  const move: MoveCommand = {
    kind: "move",
    bug_id: card.id,
    status: drag.to_status,
    after_id: others[index - 1]?.id ?? null,
    before_id: others[index]?.id ?? null,
  };

  if (card.status !== drag.to_status) {
    if (drag.to_status === "in_progress" && card.assignee_id === null) return { kind: "needs_assignee", move };
    if (drag.to_status === "resolved") return { kind: "needs_note", move };
  }
  return move;
}
