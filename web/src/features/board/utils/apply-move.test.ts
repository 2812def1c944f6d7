import { describe, expect, it } from "vitest";
import { makeBoard, makeCard } from "@/testing/fixtures";
import { applyMove } from "./apply-move";

const ids = (b: ReturnType<typeof makeBoard>, i: number) => b.columns[i]?.cards.map((c) => c.id);

describe("applyMove", () => {
  const board = makeBoard(
    { open: [makeCard(1, "open"), makeCard(2, "open"), makeCard(3, "open")], in_progress: [makeCard(4, "in_progress")] },
    { counts: { open: 10, in_progress: 5 } },
  );

  it("reorders within a column without touching counts", () => {
    const next = applyMove(board, { bug_id: 1, status: "open", after_id: 3, before_id: null });
    expect(ids(next, 0)).toEqual([2, 3, 1]);
    expect(next.columns[0]?.count).toBe(10);
  });

  it("moves across columns, updating status and counts", () => {
    const next = applyMove(board, { bug_id: 2, status: "in_progress", after_id: null, before_id: 4 }, {
      assignee_id: 9,
      assignee_name: "Linus",
    });
    expect(ids(next, 0)).toEqual([1, 3]);
    expect(ids(next, 1)).toEqual([2, 4]);
    expect(next.columns[0]?.count).toBe(9);
    expect(next.columns[1]?.count).toBe(6);
    expect(next.columns[1]?.cards[0]).toMatchObject({ status: "in_progress", assignee_name: "Linus" });
  });

  it("places the card below after_id", () => {
    const next = applyMove(board, { bug_id: 3, status: "open", after_id: 1, before_id: 2 });
    expect(ids(next, 0)).toEqual([1, 3, 2]);
  });

  it("is a no-op for an unknown card", () => {
    expect(applyMove(board, { bug_id: 42, status: "open", after_id: null, before_id: null })).toBe(board);
  });
});
