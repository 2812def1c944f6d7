import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { admin, makeBoard, makeBugDetail, makeCard, makeHistoryEntry, makeProject, member } from "@/testing/fixtures";
import { mockApi } from "@/testing/mock-fetch";
import { renderApp, signInAs } from "@/testing/render";
import type { BugDetail, User } from "@/types/api";

function setup(user: User, bug: BugDetail, extra: Parameters<typeof mockApi>[0] = {}) {
  signInAs();
  const api = mockApi({
    "GET /api/auth/me": { data: user },
    "GET /api/projects": { data: [makeProject()] },
    "GET /api/users": { data: [admin, member] },
    "GET /api/projects/1/board": { data: makeBoard({ [bug.status]: [makeCard(bug.id, bug.status)] }) },
    "GET /api/bugs/3": { data: bug },
    "GET /api/bugs/3/history": { data: [makeHistoryEntry()] },
    ...extra,
  });
  renderApp("/projects/1/bugs/3");
  return api;
}

const comment = (id: number, author: User, text: string) => ({
  id,
  bug_id: 3,
  author_id: author.id,
  author_name: author.name,
  text,
  created_at: new Date(Date.now() - 2 * 3_600_000).toISOString(),
  updated_at: new Date().toISOString(),
  edited: id === 2,
});

describe("bug panel", () => {
  it("opens at its own URL with details, comments and history", async () => {
    setup(admin, makeBugDetail({ comments: [comment(1, member, "Seen on iOS too"), comment(2, admin, "Fixing")] }));
    const panel = await screen.findByRole("dialog", { name: "Bug #3" });
    expect(await within(panel).findByText("Login button does nothing")).toBeInTheDocument();
    const first = within(panel).getByTestId("comment-1");
    expect(first).toHaveTextContent("Grace Hopper");
    expect(first).toHaveTextContent("2 hours ago");
    expect(within(panel).getByTestId("comment-2")).toHaveTextContent("edited");
    expect(await within(panel).findByRole("list", { name: "History" })).toHaveTextContent("Ada Lovelace reported Bug #3");
  });

  it("admins edit fields with If-Match and see the next transition only", async () => {
    const api = setup(admin, makeBugDetail({ version: 4 }), { "PUT /api/bugs/3": { data: makeCard(3, "open") } });
    const panel = await screen.findByRole("dialog", { name: "Bug #3" });
    const title = await within(panel).findByRole("textbox", { name: "Title" });
    expect(within(panel).getByRole("button", { name: "Move to In Progress" })).toBeInTheDocument();
    expect(within(panel).queryByRole("button", { name: "Move to Closed" })).not.toBeInTheDocument();
    await userEvent.clear(title);
    await userEvent.type(title, "Sign in does nothing");
    await userEvent.selectOptions(within(panel).getByRole("combobox", { name: "Priority" }), "critical");
    await userEvent.click(within(panel).getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(api.callsTo("PUT", "/api/bugs/3")).toHaveLength(1));
    const put = api.callsTo("PUT", "/api/bugs/3")[0];
    expect(put?.body).toEqual({ title: "Sign in does nothing", priority: "critical" });
    expect(put?.headers.get("If-Match")).toBe('"4"');
  });

  it("starting work without an assignee asks for one, then assigns and transitions", async () => {
    const api = setup(admin, makeBugDetail(), {
      "PUT /api/bugs/3": { data: makeCard(3, "open") },
      "POST /api/bugs/3/transition": { status: 200, data: { ...makeBugDetail({ status: "in_progress" }) } },
    });
    const panel = await screen.findByRole("dialog", { name: "Bug #3" });
    await userEvent.click(await within(panel).findByRole("button", { name: "Move to In Progress" }));
    const dialog = await screen.findByRole("dialog", { name: "Assign before starting" });
    await waitFor(() => expect(within(dialog).getByRole("combobox", { name: "Assignee" })).toHaveValue(String(admin.id)));
    await userEvent.click(within(dialog).getByRole("button", { name: "Assign and start" }));
    await waitFor(() => expect(api.callsTo("POST", "/api/bugs/3/transition")).toHaveLength(1));
    expect(api.callsTo("PUT", "/api/bugs/3")[0]?.body).toEqual({ assignee_id: admin.id });
    expect(api.callsTo("POST", "/api/bugs/3/transition")[0]?.body).toEqual({ status: "in_progress" });
  });

  it("members get no field editing, no assignee control and no Close button", async () => {
    setup(member, makeBugDetail({ status: "resolved", assignee_id: 1, assignee_name: "Ada Lovelace", resolution_note: "Done" }));
    const panel = await screen.findByRole("dialog", { name: "Bug #3" });
    await within(panel).findByText("Login button does nothing");
    expect(within(panel).queryByRole("textbox", { name: "Title" })).not.toBeInTheDocument();
    expect(within(panel).queryByRole("button", { name: /Move to/ })).not.toBeInTheDocument();
    expect(within(panel).queryByRole("button", { name: "Unassign" })).not.toBeInTheDocument();
    expect(within(panel).queryByRole("textbox", { name: /Resolution/ })).not.toBeInTheDocument();
    expect(within(panel).getByText("Done")).toBeInTheDocument();
  });

  it("members may resolve an in-progress bug and edit its note", async () => {
    setup(member, makeBugDetail({ status: "in_progress", assignee_id: 2, assignee_name: "Grace Hopper" }));
    const panel = await screen.findByRole("dialog", { name: "Bug #3" });
    expect(await within(panel).findByRole("button", { name: "Move to Resolved" })).toBeInTheDocument();
    expect(within(panel).getByRole("textbox", { name: "Resolution" })).toBeInTheDocument();
  });

  it("comments: add; edit and delete only your own", async () => {
    const api = setup(member, makeBugDetail({ comments: [comment(1, member, "Mine"), comment(2, admin, "Theirs")] }), {
      "POST /api/bugs/3/comments": { data: comment(3, member, "New one") },
    });
    const panel = await screen.findByRole("dialog", { name: "Bug #3" });
    const mine = await within(panel).findByTestId("comment-1");
    const theirs = within(panel).getByTestId("comment-2");
    expect(within(mine).getByRole("button", { name: "Edit comment" })).toBeInTheDocument();
    expect(within(mine).getByRole("button", { name: "Delete comment" })).toBeInTheDocument();
    expect(within(theirs).queryByRole("button", { name: "Edit comment" })).not.toBeInTheDocument();
    expect(within(theirs).queryByRole("button", { name: "Delete comment" })).not.toBeInTheDocument();

    await userEvent.type(within(panel).getByRole("textbox", { name: "Add a comment" }), "New one");
    await userEvent.click(within(panel).getByRole("button", { name: "Comment" }));
    await waitFor(() => expect(api.callsTo("POST", "/api/bugs/3/comments")[0]?.body).toEqual({ text: "New one" }));
    await waitFor(() => expect(within(panel).getByRole("textbox", { name: "Add a comment" })).toHaveValue(""));
  });

  it("closing the panel returns to the board URL", async () => {
    setup(admin, makeBugDetail());
    const panel = await screen.findByRole("dialog", { name: "Bug #3" });
    await userEvent.click(within(panel).getByRole("button", { name: "Close bug details" }));
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/projects\/1$/);
  });
});
