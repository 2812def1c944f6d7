import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { dragGate } from "@/lib/drag-gate";
import { admin, makeBoard, makeCard, makeProject } from "@/testing/fixtures";
import { mockApi } from "@/testing/mock-fetch";
import { renderApp, signInAs } from "@/testing/render";

interface FakeSource {
  url: string;
  emit: (type: string, data: unknown) => void;
}

function sources(): FakeSource[] {
  return (EventSource as unknown as { instances: FakeSource[] }).instances;
}

describe("live updates", () => {
  it("subscribes with the token and refetches the board an event touches, but not during a drag", async () => {
    signInAs("live-token");
    const api = mockApi({
      "GET /api/auth/me": { data: admin },
      "GET /api/projects": { data: [makeProject()] },
      "GET /api/users": { data: [admin] },
      "GET /api/projects/1/board": { data: makeBoard({ open: [makeCard(1, "open")] }) },
    });
    renderApp("/projects/1");
    await screen.findByTestId("card-1");
    const source = sources().at(-1);
    expect(source?.url).toBe("/api/events/stream?access_token=live-token");
    const boardCalls = () => api.callsTo("GET", "/api/projects/1/board").length;
    const before = boardCalls();

    dragGate.setBusy(true);
    source?.emit("bug.status_changed", { position: 9, type: "bug.status_changed", stream_id: "bug-1", project_id: 1, bug_id: 1, actor_id: 2, at: "" });
    await new Promise((r) => setTimeout(r, 300));
    expect(boardCalls()).toBe(before);

    dragGate.setBusy(false);
    await waitFor(() => expect(boardCalls()).toBe(before + 1));

    // Another project's event leaves this board alone.
    source?.emit("bug.reported", { position: 10, type: "bug.reported", stream_id: "bug-9", project_id: 2, bug_id: 9, actor_id: 2, at: "" });
    await new Promise((r) => setTimeout(r, 300));
    expect(boardCalls()).toBe(before + 1);
  });
});
