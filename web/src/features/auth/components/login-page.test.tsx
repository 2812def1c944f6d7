import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { SESSION_EXPIRED_MESSAGE, sessionStore } from "@/lib/session-store";
import { admin, makeBoard, makeProject } from "@/testing/fixtures";
import { mockApi } from "@/testing/mock-fetch";
import { renderApp, signInAs } from "@/testing/render";

const signedInRoutes = {
  "GET /api/projects": { data: [makeProject()] },
  "GET /api/projects/1/board": { data: makeBoard({}) },
  "GET /api/users": { data: [admin] },
};

describe("login", () => {
  it("validates before sending", async () => {
    const api = mockApi({});
    renderApp("/login");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByText("Enter your email address")).toBeInTheDocument();
    expect(screen.getByText("Enter your password")).toBeInTheDocument();
    await userEvent.type(screen.getByRole("textbox", { name: "Email" }), "not-an-email");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByText(/valid email address/)).toBeInTheDocument();
    expect(api.calls).toHaveLength(0);
  });

  it("shows the server's message and keeps the input", async () => {
    mockApi({ "POST /api/auth/login": { status: 401, error: "Invalid email or password" } });
    renderApp("/login");
    await userEvent.type(screen.getByRole("textbox", { name: "Email" }), "ada@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "wrong password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Invalid email or password");
    expect(screen.getByRole("textbox", { name: "Email" })).toHaveValue("ada@example.com");
    expect(screen.getByLabelText("Password")).toHaveValue("wrong password");
  });

  it("signs in, stores the token, sends the password untrimmed and opens the board", async () => {
    const api = mockApi({
      "POST /api/auth/login": { status: 200, data: { access_token: "tok", token_type: "Bearer", expires_at: "2030-01-01T00:00:00Z", user: admin } },
      ...signedInRoutes,
    });
    renderApp("/login");
    await userEvent.type(screen.getByRole("textbox", { name: "Email" }), "  ada@example.com ");
    await userEvent.type(screen.getByLabelText("Password"), " secret pass ");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { name: "Open" })).toBeInTheDocument();
    expect(api.callsTo("POST", "/api/auth/login")[0]?.body).toEqual({ email: "ada@example.com", password: " secret pass " });
    expect(window.localStorage.getItem("bugtracker.token")).toBe("tok");
    expect(screen.getByTestId("location")).toHaveTextContent("/projects/1");
    // The login answer names the user: no extra /api/auth/me.
    expect(api.callsTo("GET", "/api/auth/me")).toHaveLength(0);
  });

  it("keeps the session across a reload through GET /api/auth/me", async () => {
    signInAs("stored");
    const api = mockApi({ "GET /api/auth/me": { data: admin }, ...signedInRoutes });
    renderApp("/");
    expect(await screen.findByRole("heading", { name: "Open" })).toBeInTheDocument();
    expect(api.callsTo("GET", "/api/auth/me")[0]?.headers.get("Authorization")).toBe("Bearer stored");
  });

  it("an expired token on any request returns to the login page with a message", async () => {
    signInAs("old");
    mockApi({
      "GET /api/auth/me": { data: admin },
      "GET /api/projects": { data: [makeProject()] },
      "GET /api/users": { data: [admin] },
      "GET /api/projects/1/board": { status: 401, error: "Token expired" },
    });
    renderApp("/projects/1");
    expect(await screen.findByText(SESSION_EXPIRED_MESSAGE)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/login");
    expect(sessionStore.getToken()).toBeNull();
  });

  it("signs out", async () => {
    signInAs("tok");
    mockApi({ "GET /api/auth/me": { data: admin }, ...signedInRoutes });
    renderApp("/projects/1");
    await userEvent.click(await screen.findByRole("button", { name: "Sign out" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Sign in" })).toBeInTheDocument());
    expect(window.localStorage.getItem("bugtracker.token")).toBeNull();
    expect(screen.queryByText(SESSION_EXPIRED_MESSAGE)).not.toBeInTheDocument();
  });
});
