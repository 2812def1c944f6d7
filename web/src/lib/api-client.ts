/**
 * The one place that talks HTTP to the API. It sends the Bearer token, unwraps the envelope
 * `{data, error, status}` and throws ApiError with the server's message. It has no other side
 * effects: a 401 is handled by the query cache (see lib/query-client.ts), not here.
 */
import type { Envelope } from "@/types/api";
import { sessionStore } from "@/lib/session-store";

export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

export const NETWORK_ERROR_MESSAGE = "Cannot reach the server. Check your connection and try again.";

export type QueryValue = string | number | boolean | null | undefined;
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RequestOptions {
  method?: HttpMethod;
  body?: unknown;
  query?: Record<string, QueryValue>;
  /** Defaults to the signed-in session's token; pass null to send none (login). */
  token?: string | null;
  idempotencyKey?: string;
  /** The resource version the change is based on; sent as `If-Match: "<version>"`. */
  ifMatch?: number | string;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  /** From `X-Total-Count` on lists. */
  total: number | null;
  /** `ETag` without quotes. */
  etag: string | null;
}

const BASE_URL: string = (import.meta.env.VITE_API_BASE_URL as string | undefined) ?? "";

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  if (query) {
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === "") continue;
      params.append(key, String(value));
    }
  }
  const search = params.toString();
  return `${BASE_URL}${path}${search ? `?${search}` : ""}`;
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    "data" in value &&
    "error" in value &&
    "status" in value
  );
}

function quoteEtag(value: number | string): string {
  const text = String(value);
  return text.startsWith('"') || text.startsWith("W/") ? text : `"${text}"`;
}

export async function apiRequestWithMeta<T>(
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const { method = "GET", body, query, idempotencyKey, ifMatch, signal } = options;
  const token = options.token === undefined ? sessionStore.getToken() : options.token;

  const headers = new Headers({ Accept: "application/json" });
  if (body !== undefined) headers.set("Content-Type", "application/json");
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (idempotencyKey) headers.set("Idempotency-Key", idempotencyKey);
  if (ifMatch !== undefined) headers.set("If-Match", quoteEtag(ifMatch));

  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, NETWORK_ERROR_MESSAGE);
  }

  let payload: unknown = null;
  const text = await response.text();
  if (text) {
    try {
      payload = JSON.parse(text) as unknown;
    } catch {
      payload = null;
    }
  }

  const fallback = `Request failed with status ${response.status}`;
  if (!isEnvelope(payload)) {
    // Not our API's answer (a proxy error page, an empty body): never leak raw HTML.
    throw new ApiError(response.status || 500, response.ok ? "Unexpected response from the server" : fallback);
  }
  if (!response.ok || payload.error !== null) {
    const message = typeof payload.error === "string" && payload.error.trim() ? payload.error : fallback;
    const status = response.ok ? payload.status : response.status;
    throw new ApiError(status, message);
  }

  const total = response.headers.get("X-Total-Count");
  const etag = response.headers.get("ETag");
  return {
    data: payload.data as T,
    status: response.status,
    total: total === null || Number.isNaN(Number(total)) ? null : Number(total),
    etag: etag === null ? null : etag.replace(/^W\//, "").replace(/"/g, ""),
  };
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { data } = await apiRequestWithMeta<T>(path, options);
  return data;
}

/** A fresh key for `Idempotency-Key`; crypto.randomUUID is missing outside secure contexts. */
export function newIdempotencyKey(): string {
  const cryptoApi = globalThis.crypto as Crypto | undefined;
  if (cryptoApi && typeof cryptoApi.randomUUID === "function") return cryptoApi.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong";
}

/** URL of the Server-Sent Events feed; EventSource cannot send headers, so the token rides along. */
export function eventStreamUrl(token: string): string {
  return buildUrl("/api/events/stream", { access_token: token });
}
