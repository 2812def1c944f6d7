import { describe, expect, it } from "vitest";
import { admin, makeBoard, makeCard, member } from "@/testing/fixtures";
import type { BugStatus } from "@/types/api";
import { BUG_STATUSES } from "@/types/api";
import { REASONS, allowedTargets, canDrag, checkDrop, toMoveCommand } from "./move-rules";

const assigned = { assignee_id: 7, assignee_name: "Linus" };

function board() {
  return makeBoard({
    open: [makeCard(1, "open"), makeCard(2, "open", assigned), makeCard(3, "open")],
    in_progress: [makeCard(4, "in_progress", assigned), makeCard(5, "in_progress", assigned)],
    resolved: [makeCard(6, "resolved", assigned)],
    closed: [makeCard(7, "closed", assigned), makeCard(8, "closed", assigned)],
  });
}

const firstCardIn: Record<BugStatus, number> = { open: 2, in_progress: 4, resolved: 6, closed: 7 };

describe("checkDrop: lifecycle", () => {
  const expected: Record<BugStatus, BugStatus[]> = {
    open: ["open", "in_progress"],
    in_progress: ["in_progress", "resolved"],
    resolved: ["resolved", "closed"],
    closed: ["closed"],
  };
  for (const from of BUG_STATUSES) {
    for (const to of BUG_STATUSES) {
      const allowed = expected[from].includes(to);
      it(`admin ${from} -> ${to} is ${allowed ? "allowed" : "refused"}`, () => {
        expect(checkDrop(from, to, admin).allowed).toBe(allowed);
      });
    }
  }

  it("explains a skipped step", () => {
    expect(checkDrop("open", "resolved", admin)).toEqual({
      allowed: false,
      reason: "Bugs move one step at a time: from Open only to In Progress",
    });
  });

  it("explains a backward move", () => {
    expect(checkDrop("resolved", "open", admin)).toEqual({ allowed: false, reason: REASONS.backwards });
  });

  it("explains that closed is terminal", () => {
    expect(checkDrop("closed", "open", admin)).toEqual({ allowed: false, reason: REASONS.closed });
  });
});

describe("checkDrop: roles", () => {
  for (const from of BUG_STATUSES) {
    for (const to of BUG_STATUSES) {
      const allowed = from === "in_progress" && to === "resolved";
      it(`member ${from} -> ${to} is ${allowed ? "allowed" : "refused"}`, () => {
        expect(checkDrop(from, to, member).allowed).toBe(allowed);
      });
    }
  }

  it("members may not reorder", () => {
    expect(checkDrop("in_progress", "in_progress", member)).toEqual({
      allowed: false,
      reason: REASONS.memberReorder,
    });
  });

  it("members get the server's wording for a forbidden transition", () => {
    expect(checkDrop("open", "in_progress", member)).toEqual({ allowed: false, reason: REASONS.memberMove });
  });

  it("blocked users may do nothing", () => {
    const blocked = { ...admin, is_blocked: true };
    for (const to of BUG_STATUSES) expect(checkDrop("open", to, blocked).allowed).toBe(false);
  });

  it("nothing moves on a past board", () => {
    expect(checkDrop("open", "open", admin, true)).toEqual({ allowed: false, reason: REASONS.readOnly });
  });
});

describe("allowedTargets and canDrag", () => {
  it("admin: own column and the next one", () => {
    expect(allowedTargets({ status: "open" }, admin)).toEqual(["open", "in_progress"]);
    expect(allowedTargets({ status: "closed" }, admin)).toEqual(["closed"]);
  });

  it("member: only resolved from in_progress", () => {
    expect(allowedTargets({ status: "in_progress" }, member)).toEqual(["resolved"]);
    expect(canDrag({ status: "open" }, member)).toBe(false);
    expect(canDrag({ status: "resolved" }, member)).toBe(false);
    expect(canDrag({ status: "in_progress" }, member)).toBe(true);
  });

  it("nobody drags on a read-only board", () => {
    expect(canDrag({ status: "open" }, admin, true)).toBe(false);
  });
});

describe("toMoveCommand: reorder within a column", () => {
  it("moving the first card to the bottom names the last card above it", () => {
    expect(toMoveCommand(board(), { bug_id: 1, to_status: "open", to_index: 2 }, admin)).toEqual({
      kind: "move",
      bug_id: 1,
      status: "open",
      after_id: 3,
      before_id: null,
    });
  });

  it("moving the last card to the top names the first card below it", () => {
    expect(toMoveCommand(board(), { bug_id: 3, to_status: "open", to_index: 0 }, admin)).toEqual({
      kind: "move",
      bug_id: 3,
      status: "open",
      after_id: null,
      before_id: 1,
    });
  });

  it("moving into the middle names both neighbours", () => {
    expect(toMoveCommand(board(), { bug_id: 1, to_status: "open", to_index: 1 }, admin)).toEqual({
      kind: "move",
      bug_id: 1,
      status: "open",
      after_id: 2,
      before_id: 3,
    });
  });

  it("dropping a card where it was is a no-op", () => {
    expect(toMoveCommand(board(), { bug_id: 2, to_status: "open", to_index: 1 }, admin)).toEqual({ kind: "noop" });
  });

  it("an index past the end is clamped to the bottom", () => {
    expect(toMoveCommand(board(), { bug_id: 4, to_status: "in_progress", to_index: 99 }, admin)).toEqual({
      kind: "move",
      bug_id: 4,
      status: "in_progress",
      after_id: 5,
      before_id: null,
    });
  });

  it("a negative index is clamped to the top", () => {
    expect(toMoveCommand(board(), { bug_id: 5, to_status: "in_progress", to_index: -3 }, admin)).toMatchObject({
      after_id: null,
      before_id: 4,
    });
  });

  it("admins may reorder closed cards", () => {
    expect(toMoveCommand(board(), { bug_id: 8, to_status: "closed", to_index: 0 }, admin)).toMatchObject({
      kind: "move",
      before_id: 7,
    });
  });

  it("members may not reorder", () => {
    expect(toMoveCommand(board(), { bug_id: 5, to_status: "in_progress", to_index: 0 }, member)).toEqual({
      kind: "refused",
      reason: REASONS.memberReorder,
    });
  });
});

describe("toMoveCommand: across columns", () => {
  it("open -> in_progress without an assignee asks for one, keeping the position", () => {
    expect(toMoveCommand(board(), { bug_id: 1, to_status: "in_progress", to_index: 1 }, admin)).toEqual({
      kind: "needs_assignee",
      move: { kind: "move", bug_id: 1, status: "in_progress", after_id: 4, before_id: 5 },
    });
  });

  it("open -> in_progress with an assignee moves at once", () => {
    expect(toMoveCommand(board(), { bug_id: 2, to_status: "in_progress", to_index: 0 }, admin)).toEqual({
      kind: "move",
      bug_id: 2,
      status: "in_progress",
      after_id: null,
      before_id: 4,
    });
  });

  it("in_progress -> resolved always asks for the resolution note (admin)", () => {
    expect(toMoveCommand(board(), { bug_id: 4, to_status: "resolved", to_index: 1 }, admin)).toEqual({
      kind: "needs_note",
      move: { kind: "move", bug_id: 4, status: "resolved", after_id: 6, before_id: null },
    });
  });

  it("in_progress -> resolved asks a member for the note too", () => {
    expect(toMoveCommand(board(), { bug_id: 5, to_status: "resolved", to_index: 0 }, member)).toMatchObject({
      kind: "needs_note",
      move: { bug_id: 5, status: "resolved", after_id: null, before_id: 6 },
    });
  });

  it("resolved -> closed moves at once for an admin", () => {
    expect(toMoveCommand(board(), { bug_id: 6, to_status: "closed", to_index: 2 }, admin)).toEqual({
      kind: "move",
      bug_id: 6,
      status: "closed",
      after_id: 8,
      before_id: null,
    });
  });

  it("into an empty column names no neighbour", () => {
    const b = makeBoard({ resolved: [makeCard(6, "resolved")] });
    expect(toMoveCommand(b, { bug_id: 6, to_status: "closed", to_index: 0 }, admin)).toEqual({
      kind: "move",
      bug_id: 6,
      status: "closed",
      after_id: null,
      before_id: null,
    });
  });

  it("a member cannot close", () => {
    expect(toMoveCommand(board(), { bug_id: 6, to_status: "closed", to_index: 0 }, member)).toEqual({
      kind: "refused",
      reason: REASONS.memberMove,
    });
  });

  it("a member cannot start work", () => {
    expect(toMoveCommand(board(), { bug_id: 2, to_status: "in_progress", to_index: 0 }, member)).toMatchObject({
      kind: "refused",
    });
  });

  for (const from of BUG_STATUSES) {
    for (const to of BUG_STATUSES) {
      const step = BUG_STATUSES.indexOf(to) - BUG_STATUSES.indexOf(from);
      if (step === 0 || step === 1) continue;
      it(`refuses ${from} -> ${to} for an admin`, () => {
        const decision = toMoveCommand(board(), { bug_id: firstCardIn[from], to_status: to, to_index: 0 }, admin);
        expect(decision.kind).toBe("refused");
      });
    }
  }

  it("refuses an unknown card", () => {
    expect(toMoveCommand(board(), { bug_id: 99, to_status: "open", to_index: 0 }, admin)).toEqual({
      kind: "refused",
      reason: REASONS.notOnBoard,
    });
  });

  it("refuses everything on a past board", () => {
    const past = { ...board(), as_of: "2026-01-01T00:00:00Z" };
    expect(toMoveCommand(past, { bug_id: 2, to_status: "in_progress", to_index: 0 }, admin)).toEqual({
      kind: "refused",
      reason: REASONS.readOnly,
    });
  });

  it("neighbours come from the loaded page when a column is truncated", () => {
    const b = makeBoard({ open: [makeCard(1, "open", assigned)], in_progress: [makeCard(4, "in_progress")] }, { counts: { in_progress: 40 } });
    expect(toMoveCommand(b, { bug_id: 1, to_status: "in_progress", to_index: 1 }, admin)).toEqual({
      kind: "move",
      bug_id: 1,
      status: "in_progress",
      after_id: 4,
      before_id: null,
    });
  });
});
