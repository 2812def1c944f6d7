import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { makeHistoryEntry } from "@/testing/fixtures";
import { mockApi } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { HistoryTimeline, formatHistoryValue } from "./history-timeline";

const entries = [
  makeHistoryEntry({ position: 10, at: "2026-11-20T10:00:00Z", summary: "Ada Lovelace reported Bug #3" }),
  makeHistoryEntry({
    position: 11,
    at: "2026-11-20T11:00:00Z",
    type: "bug.assigned",
    field: "assignee",
    old: null,
    new: "7",
    new_display: "Linus Torvalds",
    summary: "Ada Lovelace assigned Bug #3 to Linus Torvalds",
  }),
  makeHistoryEntry({
    position: 12,
    at: "2026-11-21T09:00:00Z",
    actor_id: 7,
    actor_name: "Linus Torvalds",
    type: "bug.status_changed",
    field: "status",
    old: "open",
    new: "in_progress",
    summary: "Linus Torvalds moved Bug #3 from open to in_progress",
  }),
  makeHistoryEntry({ position: 13, at: "2026-11-21T09:00:01Z", type: "bug.ranked", field: "rank", old: "m1", new: "m2", summary: "Linus Torvalds reordered Bug #3" }),
];

describe("history timeline", () => {
  it("lists every step, oldest first, with who, when and old -> new", async () => {
    mockApi({ "GET /api/bugs/3/history": { data: entries } });
    renderWithProviders(<HistoryTimeline bugId={3} />);
    const list = await screen.findByRole("list", { name: "History" });
    const items = within(list).getAllByRole("listitem");
    expect(items).toHaveLength(4);
    expect(items[0]).toHaveTextContent("Ada Lovelace reported Bug #3");
    expect(items[1]).toHaveTextContent(/none.*changed to.*Linus Torvalds/);
    expect(items[2]).toHaveTextContent("Linus Torvalds moved Bug #3 from open to in_progress");
    expect(items[2]).toHaveTextContent(/Open.*changed to.*In Progress/);
    expect(within(items[2] as HTMLElement).getByText(/ago|yesterday|just now/)).toHaveAttribute("datetime", "2026-11-21T09:00:00Z");
    // Rank changes are told by the summary only.
    expect(items[3]).not.toHaveTextContent("→");
  });

  it("stops at the instant of a past board", async () => {
    mockApi({ "GET /api/bugs/3/history": { data: entries } });
    renderWithProviders(<HistoryTimeline bugId={3} asOf="2026-11-20T12:00:00Z" />);
    const list = await screen.findByRole("list", { name: "History" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(2);
  });

  it("shows the server's message when it cannot load", async () => {
    mockApi({ "GET /api/bugs/3/history": { status: 404, error: "Bug 3 not found" } });
    renderWithProviders(<HistoryTimeline bugId={3} />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Bug 3 not found");
  });

  it("formats values", () => {
    expect(formatHistoryValue("priority", "critical")).toBe("Critical");
    expect(formatHistoryValue("status", "resolved")).toBe("Resolved");
    expect(formatHistoryValue("title", null)).toBe("none");
    expect(formatHistoryValue("description", "x".repeat(100))).toHaveLength(78);
  });
});
