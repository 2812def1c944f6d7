import { useCallback, useEffect, useSyncExternalStore } from "react";

export type ThemeChoice = "light" | "dark" | "system";
const KEY = "bugtracker.theme";
const listeners = new Set<() => void>();

function readChoice(): ThemeChoice {
  try {
    const stored = window.localStorage.getItem(KEY);
    return stored === "light" || stored === "dark" ? stored : "system";
  } catch {
    return "system";
  }
}

function systemPrefersDark(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-color-scheme: dark)").matches;
}

export function resolveTheme(choice: ThemeChoice): "light" | "dark" {
  if (choice === "system") return systemPrefersDark() ? "dark" : "light";
  return choice;
}

/** While this class is on <html>, index.css turns every transition off. */
export const SWITCHING_CLASS = "theme-switching";

/**
 * Puts the theme on <html> at once: colour transitions (buttons, cards, columns) are switched off for
 * the swap, so no surface is seen half-way between the two palettes.
 */
export function applyTheme(dark: boolean): void {
  const root = document.documentElement;
  if (root.classList.contains("dark") === dark) return;
  root.classList.add(SWITCHING_CLASS);
  root.classList.toggle("dark", dark);
  // Resolve the new colours now, with transitions off, so removing the class starts none.
  void window.getComputedStyle(root).color;
  void root.offsetWidth;
  root.classList.remove(SWITCHING_CLASS);
}

function apply(choice: ThemeChoice): void {
  applyTheme(resolveTheme(choice) === "dark");
}

export function setThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === "system") window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, choice);
  } catch {
    // not persisted
  }
  apply(choice);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The theme: persisted when chosen, following the system otherwise. */
export function useTheme() {
  const choice = useSyncExternalStore(subscribe, readChoice, () => "system" as ThemeChoice);

  useEffect(() => {
    apply(choice);
    if (choice !== "system" || typeof window.matchMedia !== "function") return;
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => apply("system");
    media.addEventListener("change", onChange);
    return () => media.removeEventListener("change", onChange);
  }, [choice]);

  const resolved = resolveTheme(choice);
  const toggle = useCallback(() => setThemeChoice(resolved === "dark" ? "light" : "dark"), [resolved]);
  return { choice, resolved, toggle, setChoice: setThemeChoice };
}
