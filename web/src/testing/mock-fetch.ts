import { vi } from "vitest";

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export interface MockReply {
  status?: number;
  data?: unknown;
  error?: string;
  headers?: Record<string, string>;
}

type Handler = (call: RecordedCall) => MockReply | Promise<MockReply>;

/**
 * A fake `fetch` speaking the API's envelope. Routes are "METHOD /path" with `:param` parts;
 * unknown routes answer 404 in the envelope. Every call is recorded.
 */
export function mockApi(routes: Record<string, Handler | MockReply>) {
  const calls: RecordedCall[] = [];
  const compiled = Object.entries(routes).map(([route, handler]) => {
    const [method, pattern] = route.split(" ") as [string, string];
    const regex = new RegExp(`^${pattern.replace(/:[a-z_]+/g, "[^/]+")}$`);
    return { method, regex, handler };
  });

  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://localhost");
    const method = (init.method ?? "GET").toUpperCase();
    const call: RecordedCall = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined,
    };
    calls.push(call);
    const route = compiled.find((r) => r.method === method && r.regex.test(url.pathname));
    const reply: MockReply = route
      ? typeof route.handler === "function"
        ? await route.handler(call)
        : route.handler
      : { status: 404, error: `No route for ${method} ${url.pathname}` };
    const status = reply.status ?? (method === "POST" ? 201 : 200);
    const error = reply.error ?? null;
    return new Response(JSON.stringify({ data: error ? null : (reply.data ?? null), error, status }), {
      status,
      headers: { "Content-Type": "application/json", ...reply.headers },
    });
  });
  vi.stubGlobal("fetch", fetchMock);

  return {
    calls,
    fetchMock,
    /** Calls to one "METHOD /path" (exact path). */
    callsTo(method: string, path: string) {
      return calls.filter((c) => c.method === method && c.path === path);
    },
  };
}
