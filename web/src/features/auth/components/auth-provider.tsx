import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from "react";
import { ACCOUNT_BLOCKED_MESSAGE, sessionStore } from "@/lib/session-store";
import { queryKeys } from "@/lib/query-keys";
import { meQueryOptions } from "@/features/auth/api/get-me";
import type { LoginResponse, User } from "@/types/api";

export type AuthStatus = "signed-out" | "loading" | "signed-in" | "error";

export interface AuthContextValue {
  status: AuthStatus;
  user: User | null;
  token: string | null;
  /** Why the user was signed out (expired session, blocked account), for the login page. */
  notice: string | null;
  error: unknown;
  signIn: (response: LoginResponse) => void;
  signOut: () => void;
  retry: () => void;
}

export const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const session = useSyncExternalStore(sessionStore.subscribe, sessionStore.getSnapshot);
  const queryClient = useQueryClient();
  const me = useQuery(meQueryOptions(session.token));

  // Whenever the token goes away (sign out, expiry), forget everything fetched with it.
  const previousToken = useRef(session.token);
  useEffect(() => {
    if (previousToken.current !== null && session.token === null) queryClient.clear();
    previousToken.current = session.token;
  }, [session.token, queryClient]);

  // /api/auth/me answers for any valid token, blocked accounts included: those are signed out.
  useEffect(() => {
    if (me.data?.is_blocked) sessionStore.expire(ACCOUNT_BLOCKED_MESSAGE);
  }, [me.data]);

  const signIn = useCallback(
    (response: LoginResponse) => {
      // The login answer already names the user: no extra GET /api/auth/me right after.
      queryClient.setQueryData(queryKeys.me(), response.user);
      sessionStore.signIn(response.access_token);
    },
    [queryClient],
  );

  const signOut = useCallback(() => sessionStore.signOut(), []);
  const { refetch } = me;
  const retry = useCallback(() => void refetch(), [refetch]);

  const value = useMemo<AuthContextValue>(() => {
    let status: AuthStatus;
    if (session.token === null) status = "signed-out";
    else if (me.data) status = "signed-in";
    else if (me.isError) status = "error";
    else status = "loading";
    return {
      status,
      user: session.token === null ? null : (me.data ?? null),
      token: session.token,
      notice: session.notice,
      error: me.error,
      signIn,
      signOut,
      retry,
    };
  }, [session.token, session.notice, me.data, me.isError, me.error, signIn, signOut, retry]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
