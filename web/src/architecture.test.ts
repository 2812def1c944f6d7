import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(__dirname);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "testing" ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path).replaceAll("\\", "/"), text: readFileSync(path, "utf8") }));

describe("architecture", () => {
  it("only the API client calls fetch()", () => {
    const offenders = files.filter((f) => /\bfetch\s*\(/.test(f.text) && f.path !== "lib/api-client.ts").map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it("no axios, XMLHttpRequest or ad-hoc EventSource outside their one place", () => {
    expect(files.filter((f) => /axios|XMLHttpRequest/.test(f.text)).map((f) => f.path)).toEqual([]);
    expect(files.filter((f) => /new EventSource\(/.test(f.text)).map((f) => f.path)).toEqual(["app/use-live-updates.ts"]);
  });

  it("features and shared code never import from app/", () => {
    const offenders = files.filter((f) => !f.path.startsWith("app/") && f.path !== "main.tsx" && /from "@\/app\//.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it("shared code (lib, components, types) does not import features", () => {
    const shared = files.filter((f) => /^(lib|components|types)\//.test(f.path));
    expect(shared.filter((f) => /from "@\/features\//.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it("file names are kebab-case", () => {
    expect(files.map((f) => f.path).filter((p) => !/^[a-z0-9/-]+(\.[a-z]+)+$/.test(p))).toEqual([]);
  });
});
