import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InvalidationQueue, keysForEvent, parseStreamEvent } from "@/lib/live-updates";
import type { StreamEvent } from "@/types/api";

const event = (overrides: Partial<StreamEvent>): StreamEvent => ({
  position: 1,
  type: "bug.status_changed",
  stream_id: "bug-3",
  project_id: 1,
  bug_id: 3,
  actor_id: 1,
  at: "2026-11-23T10:00:00Z",
  ...overrides,
});

describe("keysForEvent", () => {
  it("a bug event refreshes its board and the bug", () => {
    expect(keysForEvent(event({}))).toEqual([["board", 1], ["bug", 3]]);
  });
  it("a user event refreshes the users", () => {
    expect(keysForEvent(event({ type: "user.blocked", project_id: null, bug_id: null }))).toContainEqual(["users"]);
  });
  it("a project event refreshes the projects", () => {
    expect(keysForEvent(event({ type: "project.created", bug_id: null }))).toContainEqual(["projects"]);
  });
});

describe("parseStreamEvent", () => {
  it("reads the SSE data payload", () => {
    expect(parseStreamEvent(JSON.stringify(event({})))).toEqual(event({}));
    expect(parseStreamEvent("not json")).toBeNull();
  });
});

describe("InvalidationQueue", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("debounces and de-duplicates", () => {
    const flush = vi.fn();
    const queue = new InvalidationQueue(flush, () => false, 100);
    queue.add([["board", 1]]);
    queue.add([["board", 1], ["bug", 3]]);
    vi.advanceTimersByTime(99);
    expect(flush).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(flush).toHaveBeenCalledExactlyOnceWith([["board", 1], ["bug", 3]]);
  });

  it("holds everything during a drag and applies it after the drop", () => {
    const flush = vi.fn();
    let dragging = true;
    const queue = new InvalidationQueue(flush, () => dragging, 100);
    queue.add([["board", 1]]);
    vi.advanceTimersByTime(1000);
    expect(flush).not.toHaveBeenCalled();
    expect(queue.size).toBe(1);
    dragging = false;
    queue.release();
    vi.advanceTimersByTime(100);
    expect(flush).toHaveBeenCalledExactlyOnceWith([["board", 1]]);
  });
});
