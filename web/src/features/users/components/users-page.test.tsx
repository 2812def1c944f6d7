import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { admin, makeProject, makeUser, member } from "@/testing/fixtures";
import { mockApi } from "@/testing/mock-fetch";
import { renderApp, signInAs } from "@/testing/render";
import type { User } from "@/types/api";

const otherAdmin = makeUser({ id: 3, name: "Margaret Hamilton", email: "m@example.com" });
const blocked = makeUser({ id: 4, name: "Ken Thompson", email: "ken@example.com", role: "member", is_blocked: true });

function setup(user: User, extra: Parameters<typeof mockApi>[0] = {}) {
  signInAs();
  const api = mockApi({
    "GET /api/auth/me": { data: user },
    "GET /api/projects": { data: [makeProject()] },
    "GET /api/users": { data: [admin, member, otherAdmin, blocked], headers: { "X-Total-Count": "4" } },
    ...extra,
  });
  renderApp("/users");
  return api;
}

describe("users page", () => {
  it("hides the block button for admins and yourself", async () => {
    setup(admin);
    await screen.findByTestId("user-2");
    expect(within(screen.getByTestId("user-1")).queryByRole("button", { name: /Block/ })).not.toBeInTheDocument();
    expect(within(screen.getByTestId("user-3")).queryByRole("button", { name: /Block/ })).not.toBeInTheDocument();
    expect(within(screen.getByTestId("user-2")).getByRole("button", { name: "Block Grace Hopper" })).toBeInTheDocument();
    expect(within(screen.getByTestId("user-4")).getByRole("button", { name: "Unblock Ken Thompson" })).toBeInTheDocument();
    // No role change for yourself either.
    expect(within(screen.getByTestId("user-1")).queryByRole("combobox")).not.toBeInTheDocument();
  });

  it("blocks and changes roles", async () => {
    const api = setup(admin, {
      "PATCH /api/users/2/block": { data: { ...member, is_blocked: true } },
      "PATCH /api/users/2/role": { data: { ...member, role: "admin" } },
    });
    const row = await screen.findByTestId("user-2");
    await userEvent.click(within(row).getByRole("button", { name: "Block Grace Hopper" }));
    await waitFor(() => expect(api.callsTo("PATCH", "/api/users/2/block")).toHaveLength(1));
    await userEvent.selectOptions(within(row).getByRole("combobox", { name: "Role for Grace Hopper" }), "admin");
    await waitFor(() => expect(api.callsTo("PATCH", "/api/users/2/role")[0]?.body).toEqual({ role: "admin" }));
  });

  it("creates a user after validating, showing the server's message on failure", async () => {
    const api = setup(admin, { "POST /api/users": { status: 409, error: "User with email x@example.com already exists" } });
    await screen.findByTestId("user-2");
    await userEvent.click(screen.getByRole("button", { name: "New user" }));
    const dialog = screen.getByRole("dialog", { name: "New user" });
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Name" }), "Xavier");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Email" }), "x@");
    await userEvent.type(within(dialog).getByLabelText("Password"), "short");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create user" }));
    expect(within(dialog).getByText(/valid email/)).toBeInTheDocument();
    expect(within(dialog).getByText("Use at least 8 characters")).toBeInTheDocument();
    expect(api.callsTo("POST", "/api/users")).toHaveLength(0);

    await userEvent.type(within(dialog).getByRole("textbox", { name: "Email" }), "example.com");
    await userEvent.type(within(dialog).getByLabelText("Password"), "-long-enough");
    await userEvent.selectOptions(within(dialog).getByRole("combobox", { name: "Role" }), "admin");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create user" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("User with email x@example.com already exists");
    expect(api.callsTo("POST", "/api/users")[0]?.body).toEqual({ name: "Xavier", email: "x@example.com", password: "short-long-enough", role: "admin" });
    expect(within(dialog).getByRole("textbox", { name: "Name" })).toHaveValue("Xavier");
  });

  it("is for admins only", async () => {
    setup(member);
    expect(await screen.findByRole("heading", { name: "Admins only" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "New user" })).not.toBeInTheDocument();
  });
});
