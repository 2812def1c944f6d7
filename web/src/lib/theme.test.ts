import { afterEach, describe, expect, it } from "vitest";
import { SWITCHING_CLASS, applyTheme, setThemeChoice } from "@/lib/theme";

const root = document.documentElement;

/** Every class list <html> had while `run` ran, in order. */
function classHistory(run: () => void): string[] {
  const observer = new MutationObserver(() => {});
  observer.observe(root, { attributes: true, attributeFilter: ["class"], attributeOldValue: true });
  run();
  const records = observer.takeRecords();
  observer.disconnect();
  return [...records.map((r) => r.oldValue ?? ""), root.className];
}

afterEach(() => {
  root.className = "";
});

describe("theme switch", () => {
  it("turns transitions off while the palette changes, and back on after", () => {
    const seen = classHistory(() => applyTheme(true));
    expect(seen.some((c) => c.split(" ").includes(SWITCHING_CLASS) && c.split(" ").includes("dark"))).toBe(true);
    expect(root.classList.contains("dark")).toBe(true);
    expect(root.classList.contains(SWITCHING_CLASS)).toBe(false);

    applyTheme(false);
    expect(root.classList.contains("dark")).toBe(false);
    expect(root.classList.contains(SWITCHING_CLASS)).toBe(false);
  });

  it("touches nothing when the theme is already on", () => {
    root.classList.add("dark");
    expect(classHistory(() => applyTheme(true))).toEqual(["dark"]);
  });

  it("a chosen theme is stored and applied", () => {
    setThemeChoice("dark");
    expect(window.localStorage.getItem("bugtracker.theme")).toBe("dark");
    expect(root.classList.contains("dark")).toBe(true);
    setThemeChoice("light");
    expect(root.classList.contains("dark")).toBe(false);
  });
});
