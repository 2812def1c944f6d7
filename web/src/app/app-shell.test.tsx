import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { admin, makeBoard, makeProject, member } from "@/testing/fixtures";
import { mockApi } from "@/testing/mock-fetch";
import { renderApp, signInAs } from "@/testing/render";
import type { User } from "@/types/api";

function setup(user: User = admin) {
  signInAs();
  mockApi({
    "GET /api/auth/me": { data: user },
    "GET /api/projects": { data: [makeProject()] },
    "GET /api/users": { data: [admin, member] },
    "GET /api/projects/1/board": { data: makeBoard({}) },
  });
  return renderApp("/projects/1");
}

/** The menu's panel: what the "Menu" button controls while it is open. */
function panel(): HTMLElement {
  const id = screen.getByRole("button", { name: "Menu" }).getAttribute("aria-controls");
  const element = id ? document.getElementById(id) : null;
  if (!element) throw new Error("the menu is closed");
  return element;
}

describe("header menu (narrow screens)", () => {
  it("holds Users, New project and Sign out under the same names, and says who is signed in", async () => {
    setup();
    const button = await screen.findByRole("button", { name: "Menu" });
    expect(button).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(button);
    expect(button).toHaveAttribute("aria-expanded", "true");
    const menu = panel();
    expect(menu).toHaveTextContent(admin.name);
    expect(within(menu).getByRole("link", { name: "Users" })).toHaveAttribute("href", "/users");
    expect(within(menu).getByRole("button", { name: "New project" })).toBeInTheDocument();
    expect(within(menu).getByRole("button", { name: "Sign out" })).toBeInTheDocument();
  });

  it("Escape closes it and puts focus back on the button", async () => {
    setup();
    const button = await screen.findByRole("button", { name: "Menu" });
    await userEvent.click(button);
    await userEvent.keyboard("{Escape}");
    expect(button).toHaveAttribute("aria-expanded", "false");
    expect(button).not.toHaveAttribute("aria-controls");
    expect(button).toHaveFocus();
  });

  it("a click outside closes it", async () => {
    setup();
    const button = await screen.findByRole("button", { name: "Menu" });
    await userEvent.click(button);
    await userEvent.click(screen.getByRole("heading", { name: "Open" }));
    expect(button).toHaveAttribute("aria-expanded", "false");
  });

  it("New project closes the menu and opens the dialog", async () => {
    setup();
    await userEvent.click(await screen.findByRole("button", { name: "Menu" }));
    await userEvent.click(within(panel()).getByRole("button", { name: "New project" }));
    expect(await screen.findByRole("dialog", { name: "New project" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Menu", hidden: true })).toHaveAttribute("aria-expanded", "false");
  });

  it("Users navigates and closes the menu", async () => {
    setup();
    await userEvent.click(await screen.findByRole("button", { name: "Menu" }));
    await userEvent.click(within(panel()).getByRole("link", { name: "Users" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/users"));
    expect(screen.getByRole("button", { name: "Menu" })).toHaveAttribute("aria-expanded", "false");
  });

  it("Sign out from the menu signs out", async () => {
    setup();
    await userEvent.click(await screen.findByRole("button", { name: "Menu" }));
    await userEvent.click(within(panel()).getByRole("button", { name: "Sign out" }));
    expect(await screen.findByRole("button", { name: "Sign in" })).toBeInTheDocument();
  });

  it("members get only Sign out", async () => {
    setup(member);
    await userEvent.click(await screen.findByRole("button", { name: "Menu" }));
    const menu = panel();
    expect(within(menu).queryByRole("link", { name: "Users" })).not.toBeInTheDocument();
    expect(within(menu).queryByRole("button", { name: "New project" })).not.toBeInTheDocument();
    expect(within(menu).getByRole("button", { name: "Sign out" })).toBeInTheDocument();
  });
});
