import type { BoardQuery, UserListQuery } from "@/types/api";

/**
 * Every query key in one place, nested so that invalidating a prefix reaches every variant:
 * ["board", projectId] covers each filter/as_of view of that board, ["bug", id] covers the
 * detail, its history and its comments.
 */
export const queryKeys = {
  me: () => ["auth", "me"] as const,
  projects: () => ["projects"] as const,
  projectList: (page: { limit?: number; offset?: number } = {}) => ["projects", "list", page] as const,
  project: (projectId: number) => ["projects", "detail", projectId] as const,
  boards: () => ["board"] as const,
  board: (projectId: number) => ["board", projectId] as const,
  boardView: (projectId: number, query: BoardQuery) => ["board", projectId, query] as const,
  bugs: () => ["bug"] as const,
  bug: (bugId: number) => ["bug", bugId] as const,
  bugView: (bugId: number, asOf: string | null) => ["bug", bugId, "detail", { as_of: asOf }] as const,
  bugHistory: (bugId: number) => ["bug", bugId, "history"] as const,
  bugComments: (bugId: number) => ["bug", bugId, "comments"] as const,
  bugList: (query: Record<string, unknown>) => ["bugs", "list", query] as const,
  users: () => ["users"] as const,
  userList: (query: UserListQuery) => ["users", "list", query] as const,
  user: (userId: number) => ["users", "detail", userId] as const,
  projectActivity: (projectId: number) => ["activity", "project", projectId] as const,
};
