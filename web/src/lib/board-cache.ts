import type { Board, Card } from "@/types/api";

/** Patch one card wherever it is (assignee set from the panel, etc.). */
export function patchCard(board: Board, bugId: number, patch: Partial<Card>): Board {
  return {
    ...board,
    columns: board.columns.map((column) => ({
      ...column,
      cards: column.cards.map((c) => (c.id === bugId ? { ...c, ...patch } : c)),
    })),
  };
}
