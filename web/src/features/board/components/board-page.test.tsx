import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { admin, makeBoard, makeCard, makeProject, member } from "@/testing/fixtures";
import { mockApi, type RecordedCall } from "@/testing/mock-fetch";
import { renderApp, signInAs } from "@/testing/render";
import type { Board, User } from "@/types/api";

const linus: User = { ...member, id: 7, name: "Linus Torvalds", email: null };
const DAY = 86_400_000;

function board(): Board {
  return makeBoard(
    {
      open: [
        makeCard(1, "open", { title: "Login fails on Safari", priority: "critical", created_at: new Date(Date.now() - 3 * DAY).toISOString(), comment_count: 4 }),
        makeCard(2, "open", { title: "Typo in footer", priority: "low" }),
      ],
      in_progress: [makeCard(3, "in_progress", { title: "Slow search", priority: "high", assignee_id: 7, assignee_name: "Linus Torvalds" })],
      resolved: [makeCard(4, "resolved", { assignee_id: 7, assignee_name: "Linus Torvalds" })],
      closed: [],
    },
    { counts: { open: 2, in_progress: 1, resolved: 1, closed: 0 } },
  );
}

function setup(user: User = admin, data: Board = board(), extra: Parameters<typeof mockApi>[0] = {}) {
  signInAs();
  const api = mockApi({
    "GET /api/auth/me": { data: user },
    "GET /api/projects": { data: [makeProject(), makeProject({ id: 2, name: "Gemini" })] },
    "GET /api/users": { data: [admin, linus, member] },
    "GET /api/projects/1/board": { data },
    ...extra,
  });
  const view = renderApp("/projects/1");
  return { api, ...view };
}

const column = (status: string) => screen.getByTestId(`column-${status}`);

describe("board", () => {
  it("renders four columns with counts, in lifecycle order", async () => {
    setup();
    await screen.findByTestId("card-1");
    const headings = ["Open", "In Progress", "Resolved", "Closed"].map((name) => screen.getByRole("heading", { name }));
    expect(headings).toHaveLength(4);
    expect(within(column("open")).getByTestId("count-open")).toHaveTextContent("2");
    expect(within(column("in_progress")).getByLabelText("1 bug")).toBeInTheDocument();
    expect(within(column("closed")).getByText("Nothing here yet")).toBeInTheDocument();
  });

  it("cards show id, title, priority, assignee initials, comment count and age", async () => {
    setup();
    const first = await screen.findByTestId("card-1");
    expect(first).toHaveTextContent("#1");
    expect(within(first).getByRole("link", { name: "Login fails on Safari" })).toHaveAttribute("href", "/projects/1/bugs/1");
    expect(first).toHaveTextContent("Critical");
    expect(first).toHaveTextContent("3d");
    expect(first).toHaveTextContent(/Comments:\s*4/);
    const started = screen.getByTestId("card-3");
    expect(within(started).getByRole("img", { name: "Assigned to Linus Torvalds" })).toHaveTextContent("LT");
  });

  it("asks for the board with the filters from the URL", async () => {
    signInAs();
    const api = mockApi({
      "GET /api/auth/me": { data: admin },
      "GET /api/projects": { data: [makeProject()] },
      "GET /api/users": { data: [admin] },
      "GET /api/projects/1/board": { data: board() },
    });
    renderApp("/projects/1?assignee_id=none&priority=high&q=login");
    await screen.findByTestId("card-1");
    const query = api.callsTo("GET", "/api/projects/1/board")[0]?.query;
    expect(Object.fromEntries(query ?? [])).toEqual({ assignee_id: "none", priority: "high", q: "login", limit: "50" });
    expect(screen.getByLabelText("Assignee", { selector: "select" })).toHaveValue("none");
    expect(screen.getByLabelText("Priority", { selector: "select" })).toHaveValue("high");
  });

  it("changing a filter updates the URL", async () => {
    setup();
    await screen.findByTestId("card-1");
    await userEvent.selectOptions(screen.getByLabelText("Priority", { selector: "select" }), "critical");
    expect(screen.getByTestId("location")).toHaveTextContent("/projects/1?priority=critical");
  });

  it("offers Show more when a column has more cards than loaded", async () => {
    const data = makeBoard({ open: [makeCard(1, "open")] }, { counts: { open: 120 } });
    const { api } = setup(admin, data);
    await screen.findByTestId("card-1");
    await userEvent.click(within(column("open")).getByRole("button", { name: /Show more/ }));
    await waitFor(() => expect(api.callsTo("GET", "/api/projects/1/board").at(-1)?.query.get("limit")).toBe("100"));
  });

  it("a past board is read-only, with a banner and Back to now", async () => {
    signInAs();
    const asOf = "2026-11-01T10:00:00.000Z";
    mockApi({
      "GET /api/auth/me": { data: admin },
      "GET /api/projects": { data: [makeProject()] },
      "GET /api/users": { data: [admin] },
      "GET /api/projects/1/board": { data: { ...board(), as_of: asOf } },
    });
    renderApp(`/projects/1?as_of=${encodeURIComponent(asOf)}`);
    await screen.findByTestId("card-1");
    expect(screen.getByText(/read-only/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Move to..." })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Drag bug/ })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Back to now" }));
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/projects\/1$/);
  });
});

describe("moving cards", () => {
  async function openMenu(id: number) {
    const card = await screen.findByTestId(`card-${id}`);
    await userEvent.click(within(card).getByRole("button", { name: "Move to..." }));
    return screen.getByRole("menu", { name: `Move bug #${id}` });
  }

  it("In Progress without an assignee asks for one, then PUTs it and moves", async () => {
    const moved: RecordedCall[] = [];
    let release: () => void = () => {};
    const { api } = setup(admin, board(), {
      "PUT /api/bugs/1": { data: makeCard(1, "open") },
      // The server has not answered yet: the board shows the optimistic state meanwhile.
      "GET /api/projects/1/board": () =>
        moved.length === 0 ? { data: board() } : new Promise((resolve) => (release = () => resolve({ data: board() }))),
      "POST /api/bugs/1/move": (call) => {
        moved.push(call);
        return { status: 200, data: makeCard(1, "in_progress") };
      },
    });
    const menu = await openMenu(1);
    await userEvent.click(within(menu).getByRole("menuitem", { name: "In Progress" }));
    const dialog = await screen.findByRole("dialog", { name: "Assign before starting" });
    const picker = within(dialog).getByRole("combobox", { name: "Assignee" });
    await waitFor(() => expect(within(picker).getByRole("option", { name: "Linus Torvalds" })).toBeInTheDocument());
    expect(picker).toHaveValue(String(admin.id));
    await userEvent.selectOptions(picker, "7");
    await userEvent.click(within(dialog).getByRole("button", { name: "Assign and start" }));

    await waitFor(() => expect(moved).toHaveLength(1));
    expect(api.callsTo("PUT", "/api/bugs/1")[0]?.body).toEqual({ assignee_id: 7 });
    expect(moved[0]?.body).toEqual({ status: "in_progress", before_id: 3 });
    expect(moved[0]?.headers.get("Idempotency-Key")).toBeTruthy();
    // Optimistic: the card is in its new column at once, with its new assignee.
    const card = within(column("in_progress")).getByTestId("card-1");
    expect(within(card).getByRole("img", { name: "Assigned to Linus Torvalds" })).toBeInTheDocument();
    expect(within(column("in_progress")).getByTestId("count-in_progress")).toHaveTextContent("2");
    release();
  });

  it("cancelling the assignee dialog sends nothing", async () => {
    const { api } = setup();
    const menu = await openMenu(1);
    await userEvent.click(within(menu).getByRole("menuitem", { name: "In Progress" }));
    const dialog = await screen.findByRole("dialog", { name: "Assign before starting" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(api.calls.filter((c) => c.method !== "GET")).toHaveLength(0);
    expect(within(column("open")).getByTestId("card-1")).toBeInTheDocument();
  });

  it("Resolved asks for a non-blank note, then PUTs it and moves", async () => {
    const { api } = setup(admin, board(), {
      "PUT /api/bugs/3": { data: makeCard(3, "in_progress") },
      "POST /api/bugs/3/move": { status: 200, data: makeCard(3, "resolved") },
    });
    const menu = await openMenu(3);
    await userEvent.click(within(menu).getByRole("menuitem", { name: "Resolved" }));
    const dialog = await screen.findByRole("dialog", { name: "Resolution note" });
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Resolution note" }), "   ");
    await userEvent.click(within(dialog).getByRole("button", { name: "Resolve" }));
    expect(within(dialog).getByText("Describe how the bug was resolved")).toBeInTheDocument();
    expect(api.calls.filter((c) => c.method !== "GET")).toHaveLength(0);

    await userEvent.type(within(dialog).getByRole("textbox", { name: "Resolution note" }), "Rebuilt the index");
    await userEvent.click(within(dialog).getByRole("button", { name: "Resolve" }));
    await waitFor(() => expect(api.callsTo("POST", "/api/bugs/3/move")).toHaveLength(1));
    expect(api.callsTo("PUT", "/api/bugs/3")[0]?.body).toEqual({ resolution_note: "Rebuilt the index" });
    expect(api.callsTo("POST", "/api/bugs/3/move")[0]?.body).toEqual({ status: "resolved", before_id: 4 });
  });

  it("rolls back and shows the server's message when the move is refused", async () => {
    let boardCalls = 0;
    setup(admin, board(), {
      "GET /api/projects/1/board": () => {
        boardCalls += 1;
        return { data: board() };
      },
      "POST /api/bugs/4/move": { status: 409, error: "Someone else moved this bug; reload and retry" },
    });
    const menu = await openMenu(4);
    await userEvent.click(within(menu).getByRole("menuitem", { name: "Closed" }));
    expect(await screen.findByText("Someone else moved this bug; reload and retry")).toBeInTheDocument();
    await waitFor(() => expect(within(column("resolved")).getByTestId("card-4")).toBeInTheDocument());
    expect(within(column("closed")).queryByTestId("card-4")).not.toBeInTheDocument();
    await waitFor(() => expect(boardCalls).toBeGreaterThan(1)); // refetched when settled
  });

  it("reorders within a column for admins", async () => {
    const { api } = setup(admin, board(), { "POST /api/bugs/1/move": { status: 200, data: makeCard(1, "open") } });
    const menu = await openMenu(1);
    await userEvent.click(within(menu).getByRole("menuitem", { name: "Move down" }));
    await waitFor(() => expect(api.callsTo("POST", "/api/bugs/1/move")[0]?.body).toEqual({ status: "open", after_id: 2 }));
    expect(screen.getByTestId("board-announcer")).toHaveTextContent("Bug #1 moved to Open");
  });

  it("refused targets are disabled in the menu with the reason", async () => {
    setup();
    const menu = await openMenu(1);
    const closed = within(menu).getByRole("menuitem", { name: "Closed" });
    expect(closed).toHaveAttribute("aria-disabled", "true");
    expect(closed).toHaveAccessibleDescription("Bugs move one step at a time: from Open only to In Progress");
  });

  it("members can only resolve: no drag handle elsewhere, no reorder, no Close", async () => {
    const { api } = setup(member);
    await screen.findByTestId("card-1");
    expect(screen.queryByRole("button", { name: "Drag bug #1" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Drag bug #4" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Drag bug #3" })).toBeInTheDocument();

    const menu = await openMenu(4);
    expect(within(menu).getByRole("menuitem", { name: "Closed" })).toHaveAttribute("aria-disabled", "true");
    expect(within(menu).queryByRole("menuitem", { name: "Move up" })).not.toBeInTheDocument();
    await userEvent.click(within(menu).getByRole("menuitem", { name: "Closed" }));
    expect(api.calls.filter((c) => c.method !== "GET")).toHaveLength(0);
  });
});

describe("drag state", () => {
  const highlighted = () =>
    ["open", "in_progress", "resolved", "closed"].filter((status) => {
      const el = column(status);
      // A transition on a resting column would let the highlight fade out after the drop.
      return el.hasAttribute("data-dimmed") || /indigo|opacity-|dashed|transition/.test(el.className);
    });

  it.each([
    ["dropped", " "],
    ["cancelled", "{Escape}"],
  ])("columns lose every drag highlight the moment a keyboard drag is %s", async (_, key) => {
    setup();
    await screen.findByTestId("card-1");
    screen.getByRole("button", { name: "Drag bug #1" }).focus();
    await userEvent.keyboard(" ");
    // Picked up: the refused columns are dimmed and the allowed one is outlined.
    await waitFor(() => expect(column("closed")).toHaveAttribute("data-dimmed", "true"));
    expect(column("in_progress").className).toMatch(/dashed/);
    await userEvent.keyboard(key);
    await waitFor(() => expect(highlighted()).toEqual([]));
  });
});

describe("role-based controls", () => {
  it("admins see the admin controls", async () => {
    setup(admin);
    await screen.findByTestId("card-1");
    expect(screen.getByRole("button", { name: "New bug" })).toBeInTheDocument();
    expect(screen.getAllByRole("button", { name: "New project" }).length).toBeGreaterThan(0);
    expect(screen.getAllByRole("link", { name: "Users" }).length).toBeGreaterThan(0);
  });

  it("members see none of them", async () => {
    setup(member);
    await screen.findByTestId("card-1");
    expect(screen.queryByRole("button", { name: "New bug" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "New project" })).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Users" })).not.toBeInTheDocument();
  });
});

describe("create bug", () => {
  it("validates, keeps input on failure and shows the server's message", async () => {
    const { api } = setup(admin, board(), {
      "POST /api/bugs": vi.fn().mockReturnValueOnce({ status: 400, error: "title: too long" }).mockReturnValue({ status: 201, data: { ...makeCard(9, "open"), description: "d" } }),
    });
    await screen.findByTestId("card-1");
    await userEvent.click(screen.getByRole("button", { name: "New bug" }));
    const dialog = screen.getByRole("dialog", { name: "New bug" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Create bug" }));
    expect(within(dialog).getByText("Give the bug a title")).toBeInTheDocument();
    expect(within(dialog).getByText("Describe the bug")).toBeInTheDocument();
    expect(api.callsTo("POST", "/api/bugs")).toHaveLength(0);

    await userEvent.type(within(dialog).getByRole("textbox", { name: "Title" }), "Crash on save");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Description" }), "Steps");
    await userEvent.selectOptions(within(dialog).getByRole("combobox", { name: "Priority" }), "high");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create bug" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("title: too long");
    expect(within(dialog).getByRole("textbox", { name: "Title" })).toHaveValue("Crash on save");

    await userEvent.click(within(dialog).getByRole("button", { name: "Create bug" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "New bug" })).not.toBeInTheDocument());
    const posts = api.callsTo("POST", "/api/bugs");
    expect(posts[1]?.body).toEqual({ project_id: 1, title: "Crash on save", description: "Steps", priority: "high" });
    // A retry after a failure reuses the idempotency key.
    expect(posts[1]?.headers.get("Idempotency-Key")).toBe(posts[0]?.headers.get("Idempotency-Key"));
  });
});
