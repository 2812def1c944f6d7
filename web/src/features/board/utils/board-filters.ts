import type { AssigneeFilter, BoardQuery, Priority } from "@/types/api";
import { isPriority } from "@/lib/status";

export interface BoardFilters {
  assignee_id?: AssigneeFilter;
  priority?: Priority;
  q?: string;
  as_of?: string;
}

/** Filters live in the URL (`?assignee_id=none&priority=high&q=login&as_of=...`). */
export function readFilters(params: URLSearchParams): BoardFilters {
  const filters: BoardFilters = {};
  const assignee = params.get("assignee_id");
  if (assignee === "none") filters.assignee_id = "none";
  else if (assignee && /^\d+$/.test(assignee)) filters.assignee_id = Number(assignee);
  const priority = params.get("priority");
  if (isPriority(priority)) filters.priority = priority;
  const q = params.get("q")?.trim();
  if (q) filters.q = q;
  const asOf = params.get("as_of");
  if (asOf && !Number.isNaN(Date.parse(asOf))) filters.as_of = asOf;
  return filters;
}

export function writeFilters(params: URLSearchParams, filters: BoardFilters): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of ["assignee_id", "priority", "q", "as_of"] as const) {
    const value = filters[key];
    if (value === undefined || value === "") next.delete(key);
    else next.set(key, String(value));
  }
  return next;
}

export function toBoardQuery(filters: BoardFilters, limit: number): BoardQuery {
  const query: BoardQuery = { limit };
  if (filters.assignee_id !== undefined) query.assignee_id = filters.assignee_id;
  if (filters.priority) query.priority = filters.priority;
  if (filters.q) query.q = filters.q;
  if (filters.as_of) query.as_of = filters.as_of;
  return query;
}

export function hasFilters(filters: BoardFilters): boolean {
  return filters.assignee_id !== undefined || filters.priority !== undefined || filters.q !== undefined;
}
