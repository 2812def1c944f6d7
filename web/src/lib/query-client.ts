import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "@/lib/api-client";
import { ACCOUNT_BLOCKED_MESSAGE, sessionStore } from "@/lib/session-store";

/**
 * A 401 on any request while signed in means the token expired or was revoked: sign out with a
 * notice (the auth provider then clears the cache and the router shows the login page).
 * A blocked account gets 403 "User is blocked" on everything: same treatment, other words.
 */
export function handleSessionError(error: unknown): void {
  if (!(error instanceof ApiError)) return;
  if (error.status === 401) sessionStore.expire();
  else if (error.status === 403 && error.message === "User is blocked") {
    sessionStore.expire(ACCOUNT_BLOCKED_MESSAGE);
  }
}

function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: handleSessionError }),
    mutationCache: new MutationCache({ onError: handleSessionError }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: shouldRetry,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
