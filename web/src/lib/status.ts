import type { BugStatus, Priority } from "@/types/api";

export const STATUS_LABELS: Record<BugStatus, string> = {
  open: "Open",
  in_progress: "In Progress",
  resolved: "Resolved",
  closed: "Closed",
};

export const PRIORITY_LABELS: Record<Priority, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
};

const NEXT: Record<BugStatus, BugStatus | null> = {
  open: "in_progress",
  in_progress: "resolved",
  resolved: "closed",
  closed: null,
};

/** The lifecycle is strictly linear: open -> in_progress -> resolved -> closed. */
export function nextStatus(status: BugStatus): BugStatus | null {
  return NEXT[status];
}

export function isBugStatus(value: unknown): value is BugStatus {
  return value === "open" || value === "in_progress" || value === "resolved" || value === "closed";
}

export function isPriority(value: unknown): value is Priority {
  return value === "low" || value === "medium" || value === "high" || value === "critical";
}
