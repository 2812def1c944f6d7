/**
 * Wire types of the HTTP API, written by hand to match docs/api.md (the contract) exactly.
 * Field names are snake_case, ids are integers, timestamps ISO 8601 UTC strings.
 */

export type IsoDateTime = string;

/** Every response, success or failure. `status` equals the HTTP status. */
export interface Envelope<T> {
  data: T | null;
  error: string | null;
  status: number;
}

export type Role = "admin" | "member";
export type Priority = "low" | "medium" | "high" | "critical";
export type BugStatus = "open" | "in_progress" | "resolved" | "closed";

export const BUG_STATUSES: readonly BugStatus[] = ["open", "in_progress", "resolved", "closed"];
export const PRIORITIES: readonly Priority[] = ["low", "medium", "high", "critical"];
export const ROLES: readonly Role[] = ["admin", "member"];

export interface User {
  id: number;
  name: string;
  /** Only shown to admins and to the user themself; null otherwise. */
  email: string | null;
  role: Role;
  is_blocked: boolean;
  created_at: IsoDateTime;
  updated_at: IsoDateTime;
}

export interface Project {
  id: number;
  name: string;
  description: string | null;
  created_at: IsoDateTime;
  updated_at: IsoDateTime;
  version: number;
}

export interface Bug {
  id: number;
  project_id: number;
  title: string;
  description: string;
  priority: Priority;
  status: BugStatus;
  assignee_id: number | null;
  assignee_name: string | null;
  resolution_note: string | null;
  reporter_id: number;
  rank: string;
  comment_count: number;
  created_at: IsoDateTime;
  updated_at: IsoDateTime;
  version: number;
}

export interface Comment {
  id: number;
  bug_id: number;
  author_id: number;
  author_name: string;
  text: string;
  created_at: IsoDateTime;
  updated_at: IsoDateTime;
  edited: boolean;
}

export interface BugDetail extends Bug {
  assignee: User | null;
  comments: Comment[];
}

export interface Card {
  id: number;
  project_id: number;
  title: string;
  priority: Priority;
  status: BugStatus;
  rank: string;
  assignee_id: number | null;
  assignee_name: string | null;
  comment_count: number;
  created_at: IsoDateTime;
  updated_at: IsoDateTime;
  version: number;
}

export interface BoardColumn {
  status: BugStatus;
  /** Total in the column after filters. */
  count: number;
  /** The first page, ordered by rank. */
  cards: Card[];
}

export interface Board {
  project: Project;
  as_of: IsoDateTime | null;
  /** Always the four columns in lifecycle order. */
  columns: BoardColumn[];
}

export type HistoryField =
  | "title"
  | "description"
  | "priority"
  | "assignee"
  | "resolution_note"
  | "status"
  | "rank"
  | "comment";

export type HistoryValue = string | number | boolean | null;

export interface HistoryEntry {
  position: number;
  at: IsoDateTime;
  actor_id: number | null;
  actor_name: string | null;
  /** Event tag, e.g. "bug.status_changed". */
  type: string;
  field: HistoryField | null;
  old: HistoryValue;
  new: HistoryValue;
  /** The values as people read them (assignees by name); same as old/new for other fields. */
  old_display: HistoryValue;
  new_display: HistoryValue;
  comment_id: number | null;
  /** Human sentence, e.g. "Ada moved Bug #3 from open to in_progress". */
  summary: string;
}

export interface Activity extends HistoryEntry {
  bug_id: number | null;
  project_id: number | null;
}

export interface StoredEvent {
  position: number;
  stream_id: string;
  version: number;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recorded_at: IsoDateTime;
}

/** The `data:` payload of one Server-Sent Event on GET /api/events/stream. */
export interface StreamEvent {
  position: number;
  type: string;
  stream_id: string;
  project_id: number | null;
  bug_id: number | null;
  actor_id: number | null;
  at: IsoDateTime;
}

// ---- Request bodies and responses --------------------------------------------------------

export interface LoginRequest {
  email: string;
  password: string;
}

export interface LoginResponse {
  access_token: string;
  token_type: "Bearer";
  expires_at: IsoDateTime;
  user: User;
}

export interface RegisterRequest {
  name: string;
  email: string;
  password: string;
}

export interface ChangePasswordRequest {
  current_password: string;
  new_password: string;
}

export interface CreateUserRequest {
  name: string;
  email: string;
  password: string;
  role?: Role;
}

export interface ChangeRoleRequest {
  role: Role;
}

export interface CreateProjectRequest {
  name: string;
  description?: string;
}

export interface UpdateProjectRequest {
  name?: string;
  description?: string;
}

export interface CreateBugRequest {
  project_id: number;
  title: string;
  description: string;
  priority?: Priority;
}

export interface UpdateBugRequest {
  title?: string;
  description?: string;
  priority?: Priority;
  assignee_id?: number;
  resolution_note?: string;
}

export interface TransitionBugRequest {
  status: BugStatus;
}

export interface MoveBugRequest {
  status: BugStatus;
  /** The card that ends up directly above. */
  after_id?: number;
  /** The card that ends up directly below. */
  before_id?: number;
}

export interface CommentRequest {
  text: string;
}

export interface HealthResponse {
  status: "ok";
}

/** `assignee_id` filter: a user id, or "none" for unassigned bugs. */
export type AssigneeFilter = number | "none";

export interface BoardQuery {
  assignee_id?: AssigneeFilter;
  priority?: Priority;
  q?: string;
  /** Cards per column (server default 100). */
  limit?: number;
  as_of?: IsoDateTime;
}

export interface BugListQuery {
  project_id?: number;
  status?: BugStatus;
  priority?: Priority;
  assignee_id?: AssigneeFilter;
  q?: string;
  limit?: number;
  offset?: number;
}

export interface PageQuery {
  limit?: number;
  offset?: number;
}

export interface UserListQuery extends PageQuery {
  q?: string;
}

export interface ActivityQuery extends PageQuery {
  since?: IsoDateTime;
  until?: IsoDateTime;
  actor_id?: number;
}

export interface EventListQuery {
  after?: number;
  limit?: number;
}
