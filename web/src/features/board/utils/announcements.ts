import type { BugStatus, Card } from "@/types/api";
import { STATUS_LABELS } from "@/lib/status";

/** Screen-reader sentences for drag and drop: name the bug, the column and the position. */
export function bugName(card: Pick<Card, "id" | "title">): string {
  return `bug #${card.id} "${card.title}"`;
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function pickedUp(card: Card, status: BugStatus, position: number, total: number): string {
  return `Picked up ${bugName(card)}, in ${STATUS_LABELS[status]}, position ${position} of ${total}. Use the arrow keys to move, Space to drop, Escape to cancel.`;
}

export function movedOver(card: Card, status: BugStatus, position: number, total: number, allowed: boolean, reason?: string): string {
  if (!allowed) return `${capital(bugName(card))} cannot go to ${STATUS_LABELS[status]}: ${reason ?? "not allowed"}.`;
  return `${capital(bugName(card))} is over ${STATUS_LABELS[status]}, position ${position} of ${total}.`;
}

export function movedTo(card: Pick<Card, "id">, status: BugStatus, position?: number, total?: number): string {
  const where = position !== undefined && total !== undefined ? `, position ${position} of ${total}` : "";
  return `Bug #${card.id} moved to ${STATUS_LABELS[status]}${where}.`;
}

export function cancelled(card: Pick<Card, "id">, status: BugStatus): string {
  return `Move cancelled. Bug #${card.id} returned to ${STATUS_LABELS[status]}.`;
}

export const KEYBOARD_INSTRUCTIONS =
  "To pick up a bug, focus its drag handle and press Space or Enter. While dragging, use the arrow keys to move it within a column or to the next column. Press Space or Enter again to drop it, or Escape to cancel. Each card also has a Move to menu.";
