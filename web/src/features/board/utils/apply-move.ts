import type { Board, BugStatus, Card } from "@/types/api";

export interface MovePatch {
  assignee_id?: number | null;
  assignee_name?: string | null;
}

export interface BoardMove {
  bug_id: number;
  status: BugStatus;
  after_id: number | null;
  before_id: number | null;
}

/**
 * The board after a move, as the server will return it: the card leaves its column and lands
 * directly below `after_id` (or above `before_id`, or at the top). Counts follow. Pure.
 */
export function applyMove(board: Board, move: BoardMove, patch: MovePatch = {}): Board {
  let moved: Card | undefined;
  const without = board.columns.map((column) => {
    const index = column.cards.findIndex((c) => c.id === move.bug_id);
    if (index === -1) return column;
    moved = column.cards[index];
    return {
      ...column,
      count: column.status === move.status ? column.count : Math.max(0, column.count - 1),
      cards: column.cards.filter((c) => c.id !== move.bug_id),
    };
  });
  if (!moved) return board;
  const card: Card = { ...moved, ...patch, status: move.status };
  const fromStatus = moved.status;

  return {
    ...board,
    columns: without.map((column) => {
      if (column.status !== move.status) return column;
      const cards = [...column.cards];
      let at = 0;
      const afterIndex = move.after_id === null ? -1 : cards.findIndex((c) => c.id === move.after_id);
      const beforeIndex = move.before_id === null ? -1 : cards.findIndex((c) => c.id === move.before_id);
      if (afterIndex !== -1) at = afterIndex + 1;
      else if (beforeIndex !== -1) at = beforeIndex;
      else if (move.after_id !== null) at = cards.length;
      cards.splice(at, 0, card);
      return {
        ...column,
        count: fromStatus === move.status ? column.count : column.count + 1,
        cards,
      };
    }),
  };
}
