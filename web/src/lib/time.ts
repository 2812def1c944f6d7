const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Compact age for cards: "now", "5m", "3h", "3d", "2w", "4mo", "1y". */
export function shortAge(iso: string, now: number = Date.now()): string {
  const elapsed = Math.max(0, now - Date.parse(iso));
  if (Number.isNaN(elapsed)) return "";
  if (elapsed < MINUTE) return "now";
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)}m`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)}h`;
  if (elapsed < 14 * DAY) return `${Math.floor(elapsed / DAY)}d`;
  if (elapsed < 60 * DAY) return `${Math.floor(elapsed / (7 * DAY))}w`;
  if (elapsed < 365 * DAY) return `${Math.floor(elapsed / (30 * DAY))}mo`;
  return `${Math.floor(elapsed / (365 * DAY))}y`;
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "3 hours ago", "yesterday", "just now". */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const elapsed = now - Date.parse(iso);
  if (Number.isNaN(elapsed)) return "";
  if (Math.abs(elapsed) < MINUTE) return "just now";
  if (Math.abs(elapsed) < HOUR) return relative.format(-Math.round(elapsed / MINUTE), "minute");
  if (Math.abs(elapsed) < DAY) return relative.format(-Math.round(elapsed / HOUR), "hour");
  if (Math.abs(elapsed) < 30 * DAY) return relative.format(-Math.round(elapsed / DAY), "day");
  if (Math.abs(elapsed) < 365 * DAY) return relative.format(-Math.round(elapsed / (30 * DAY)), "month");
  return relative.format(-Math.round(elapsed / (365 * DAY)), "year");
}

const full = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : full.format(date);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** ISO instant -> the local "YYYY-MM-DDTHH:mm" a datetime-local input shows. */
export function toDatetimeLocal(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (local time) -> ISO 8601 UTC, or null if it is not a date. */
export function fromDatetimeLocal(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
