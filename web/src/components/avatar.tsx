const PALETTE = [
  "bg-indigo-100 text-indigo-700 dark:bg-indigo-500/20 dark:text-indigo-300",
  "bg-emerald-100 text-emerald-700 dark:bg-emerald-500/20 dark:text-emerald-300",
  "bg-amber-100 text-amber-800 dark:bg-amber-500/20 dark:text-amber-300",
  "bg-sky-100 text-sky-700 dark:bg-sky-500/20 dark:text-sky-300",
  "bg-fuchsia-100 text-fuchsia-700 dark:bg-fuchsia-500/20 dark:text-fuchsia-300",
  "bg-teal-100 text-teal-700 dark:bg-teal-500/20 dark:text-teal-300",
];

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  const first = parts[0]?.[0] ?? "";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase();
}

/**
 * Initials on a colour picked by id. Names "Assigned to <name>" unless `label` says otherwise; with
 * `decorative` it is hidden from assistive technology (the name is next to it already).
 */
export function Avatar({
  name,
  id,
  size = "sm",
  label,
  decorative = false,
}: {
  name: string;
  id: number;
  size?: "sm" | "md";
  label?: string;
  decorative?: boolean;
}) {
  const colour = PALETTE[Math.abs(id) % PALETTE.length];
  const box = size === "sm" ? "h-6 w-6 text-[10px]" : "h-8 w-8 text-xs";
  const className = `inline-flex shrink-0 items-center justify-center rounded-full font-semibold ${box} ${colour}`;
  if (decorative) {
    return (
      <span className={className} aria-hidden="true">
        {initials(name)}
      </span>
    );
  }
  return (
    <span className={className} title={name} aria-label={label ?? `Assigned to ${name}`} role="img">
      {initials(name)}
    </span>
  );
}
