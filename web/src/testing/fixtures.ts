import type { Board, BugDetail, BugStatus, Card, HistoryEntry, Project, User } from "@/types/api";
import { BUG_STATUSES } from "@/types/api";

const AT = "2026-11-20T10:00:00Z";

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: 1,
    name: "Ada Lovelace",
    email: "ada@example.com",
    role: "admin",
    is_blocked: false,
    created_at: AT,
    updated_at: AT,
    ...overrides,
  };
}

export const admin = makeUser();
export const member = makeUser({ id: 2, name: "Grace Hopper", email: "grace@example.com", role: "member" });

export function makeProject(overrides: Partial<Project> = {}): Project {
  return { id: 1, name: "Apollo", description: null, created_at: AT, updated_at: AT, version: 1, ...overrides };
}

export function makeCard(id: number, status: BugStatus, overrides: Partial<Card> = {}): Card {
  return {
    id,
    project_id: 1,
    title: `Bug number ${id}`,
    priority: "medium",
    status,
    rank: `m${String(id).padStart(7, "0")}V`,
    assignee_id: null,
    assignee_name: null,
    comment_count: 0,
    created_at: AT,
    updated_at: AT,
    version: 1,
    ...overrides,
  };
}

/** A board from `{open: [cards], ...}`; counts equal the card counts unless given. */
export function makeBoard(
  cards: Partial<Record<BugStatus, Card[]>>,
  options: { as_of?: string | null; counts?: Partial<Record<BugStatus, number>> } = {},
): Board {
  return {
    project: makeProject(),
    as_of: options.as_of ?? null,
    columns: BUG_STATUSES.map((status) => ({
      status,
      count: options.counts?.[status] ?? cards[status]?.length ?? 0,
      cards: cards[status] ?? [],
    })),
  };
}

export function makeBugDetail(overrides: Partial<BugDetail> = {}): BugDetail {
  return {
    id: 3,
    project_id: 1,
    title: "Login button does nothing",
    description: "Clicking Sign in has no effect on Safari.",
    priority: "high",
    status: "open",
    assignee_id: null,
    assignee_name: null,
    resolution_note: null,
    reporter_id: 1,
    rank: "m0000003V",
    comment_count: 0,
    created_at: AT,
    updated_at: AT,
    version: 1,
    assignee: null,
    comments: [],
    ...overrides,
  };
}

export function makeHistoryEntry(overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  const entry = {
    position: 1,
    at: AT,
    actor_id: 1,
    actor_name: "Ada Lovelace",
    type: "bug.reported",
    field: null,
    old: null,
    new: null,
    comment_id: null,
    summary: "Ada Lovelace reported Bug #3",
    ...overrides,
  };
  return { ...entry, old_display: overrides.old_display ?? entry.old, new_display: overrides.new_display ?? entry.new };
}
