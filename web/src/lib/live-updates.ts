import type { QueryKey } from "@tanstack/react-query";
import { queryKeys } from "@/lib/query-keys";
import type { StreamEvent } from "@/types/api";

/** Event tags the server sends as SSE `event:` names (frozen forever, see DESIGN.md). */
export const STREAM_EVENT_TYPES = [
  "bug.reported",
  "bug.retitled",
  "bug.description_changed",
  "bug.reprioritized",
  "bug.assigned",
  "bug.unassigned",
  "bug.status_changed",
  "bug.resolution_noted",
  "bug.ranked",
  "bug.comment_added",
  "bug.comment_edited",
  "bug.comment_deleted",
  "project.created",
  "project.renamed",
  "project.described",
  "user.registered",
  "user.renamed",
  "user.blocked",
  "user.unblocked",
  "user.role_changed",
  "user.password_changed",
] as const;

/** Which cached queries one event makes stale. */
export function keysForEvent(event: StreamEvent): QueryKey[] {
  const keys: QueryKey[] = [];
  if (event.type.startsWith("bug.")) {
    if (event.project_id !== null) keys.push(queryKeys.board(event.project_id));
    else keys.push(queryKeys.boards());
    if (event.bug_id !== null) keys.push(queryKeys.bug(event.bug_id));
  } else if (event.type.startsWith("project.")) {
    keys.push(queryKeys.projects());
    if (event.project_id !== null) keys.push(queryKeys.board(event.project_id));
  } else if (event.type.startsWith("user.")) {
    keys.push(queryKeys.users());
    keys.push(queryKeys.me());
    // Names on cards and comments may have changed.
    if (event.type === "user.renamed") keys.push(queryKeys.boards(), queryKeys.bugs());
  } else {
    keys.push(queryKeys.boards());
  }
  return keys;
}

export function parseStreamEvent(raw: string): StreamEvent | null {
  try {
    const value = JSON.parse(raw) as Partial<StreamEvent> | null;
    if (!value || typeof value.type !== "string") return null;
    return {
      position: Number(value.position ?? 0),
      type: value.type,
      stream_id: String(value.stream_id ?? ""),
      project_id: typeof value.project_id === "number" ? value.project_id : null,
      bug_id: typeof value.bug_id === "number" ? value.bug_id : null,
      actor_id: typeof value.actor_id === "number" ? value.actor_id : null,
      at: String(value.at ?? ""),
    };
  } catch {
    return null;
  }
}

/**
 * Collects query keys and hands them over in one batch after `delay` ms of quiet, and only
 * while `isHeld()` is false (a drag in progress); `release()` flushes what was held.
 */
export class InvalidationQueue {
  private pending = new Map<string, QueryKey>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly flushKeys: (keys: QueryKey[]) => void,
    private readonly isHeld: () => boolean,
    private readonly delay = 150,
  ) {}

  add(keys: QueryKey[]): void {
    for (const key of keys) this.pending.set(JSON.stringify(key), key);
    this.schedule();
  }

  release(): void {
    this.schedule();
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  get size(): number {
    return this.pending.size;
  }

  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.isHeld() || this.pending.size === 0) return;
      const keys = [...this.pending.values()];
      this.pending.clear();
      this.flushKeys(keys);
    }, this.delay);
  }
}
