import { describe, expect, it, vi } from "vitest";
import { ApiError, NETWORK_ERROR_MESSAGE, apiRequest, apiRequestWithMeta, buildUrl, eventStreamUrl } from "@/lib/api-client";
import { handleSessionError } from "@/lib/query-client";
import { SESSION_EXPIRED_MESSAGE, sessionStore } from "@/lib/session-store";
import { mockApi } from "@/testing/mock-fetch";

describe("apiRequest", () => {
  it("unwraps data from the envelope", async () => {
    mockApi({ "GET /api/projects/1": { data: { id: 1, name: "Apollo" } } });
    await expect(apiRequest("/api/projects/1")).resolves.toEqual({ id: 1, name: "Apollo" });
  });

  it("sends the session's Bearer token and JSON", async () => {
    sessionStore.signIn("abc");
    const api = mockApi({ "POST /api/projects": { data: { id: 2 } } });
    await apiRequest("/api/projects", { method: "POST", body: { name: "X" } });
    const [call] = api.calls;
    expect(call?.headers.get("Authorization")).toBe("Bearer abc");
    expect(call?.headers.get("Content-Type")).toBe("application/json");
    expect(call?.body).toEqual({ name: "X" });
  });

  it("sends no token when told to (login)", async () => {
    sessionStore.signIn("abc");
    const api = mockApi({ "POST /api/auth/login": { status: 200, data: {} } });
    await apiRequest("/api/auth/login", { method: "POST", body: {}, token: null });
    expect(api.calls[0]?.headers.has("Authorization")).toBe(false);
  });

  it("sends Idempotency-Key and a quoted If-Match", async () => {
    const api = mockApi({ "PUT /api/bugs/3": { data: {} } });
    await apiRequest("/api/bugs/3", { method: "PUT", body: {}, idempotencyKey: "k-1", ifMatch: 7 });
    expect(api.calls[0]?.headers.get("Idempotency-Key")).toBe("k-1");
    expect(api.calls[0]?.headers.get("If-Match")).toBe('"7"');
  });

  it("throws ApiError with the server's message and status", async () => {
    mockApi({
      "POST /api/bugs/3/transition": { status: 422, error: "Assignee required before transitioning to in_progress" },
    });
    const error = await apiRequest("/api/bugs/3/transition", { method: "POST", body: { status: "in_progress" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, message: "Assignee required before transitioning to in_progress" });
  });

  it("never shows a non-envelope body (a proxy's HTML page)", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response("<html>Bad gateway</html>", { status: 502 })));
    await expect(apiRequest("/api/health")).rejects.toMatchObject({ status: 502, message: "Request failed with status 502" });
  });

  it("turns a network failure into a readable ApiError", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    await expect(apiRequest("/api/health")).rejects.toMatchObject({ status: 0, message: NETWORK_ERROR_MESSAGE });
  });

  it("reads X-Total-Count and ETag", async () => {
    mockApi({ "GET /api/users": { data: [], headers: { "X-Total-Count": "42", ETag: '"5"' } } });
    await expect(apiRequestWithMeta("/api/users")).resolves.toMatchObject({ total: 42, etag: "5" });
  });

  it("builds query strings without empty values", () => {
    expect(buildUrl("/api/bugs", { project_id: 1, q: "", status: undefined, assignee_id: "none" })).toBe(
      "/api/bugs?project_id=1&assignee_id=none",
    );
    expect(eventStreamUrl("t k")).toBe("/api/events/stream?access_token=t+k");
  });
});

describe("401 handling", () => {
  it("a 401 while signed in signs out with the session-expired notice", () => {
    sessionStore.signIn("abc");
    handleSessionError(new ApiError(401, "Token expired"));
    expect(sessionStore.getSnapshot()).toEqual({ token: null, notice: SESSION_EXPIRED_MESSAGE });
  });

  it("a 401 without a session (bad password at login) changes nothing", () => {
    handleSessionError(new ApiError(401, "Invalid email or password"));
    expect(sessionStore.getSnapshot()).toEqual({ token: null, notice: null });
  });

  it("a 403 for a blocked account signs out too", () => {
    sessionStore.signIn("abc");
    handleSessionError(new ApiError(403, "User is blocked"));
    expect(sessionStore.getToken()).toBeNull();
    expect(sessionStore.getSnapshot().notice).toMatch(/blocked/);
  });

  it("other errors leave the session alone", () => {
    sessionStore.signIn("abc");
    handleSessionError(new ApiError(403, "Members can only resolve in_progress bugs"));
    handleSessionError(new ApiError(422, "Cannot transition from open to closed"));
    expect(sessionStore.getToken()).toBe("abc");
  });
});
