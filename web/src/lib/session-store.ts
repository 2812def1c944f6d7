/**
 * The access token and the "why you were signed out" notice, kept in localStorage and observable
 * (useSyncExternalStore). No React here, so the API client and the query cache can read it.
 */

const TOKEN_KEY = "bugtracker.token";
const NOTICE_KEY = "bugtracker.notice";

export const SESSION_EXPIRED_MESSAGE = "Your session expired, please sign in again";
export const ACCOUNT_BLOCKED_MESSAGE = "Your account is blocked. Ask an admin to unblock it.";

export interface SessionSnapshot {
  token: string | null;
  notice: string | null;
}

type Listener = () => void;

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage may be unavailable (private mode); the session then lasts for this page only.
  }
}

let snapshot: SessionSnapshot = { token: read(TOKEN_KEY), notice: read(NOTICE_KEY) };
const listeners = new Set<Listener>();

function update(next: SessionSnapshot): void {
  snapshot = next;
  write(TOKEN_KEY, next.token);
  write(NOTICE_KEY, next.notice);
  for (const listener of listeners) listener();
}

export const sessionStore = {
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  getSnapshot(): SessionSnapshot {
    return snapshot;
  },
  getToken(): string | null {
    return snapshot.token;
  },
  signIn(token: string): void {
    update({ token, notice: null });
  },
  signOut(): void {
    update({ token: null, notice: null });
  },
  /** The server refused the token (expired, revoked) or the account: sign out with a notice. */
  expire(notice: string = SESSION_EXPIRED_MESSAGE): void {
    if (snapshot.token === null) return;
    update({ token: null, notice });
  },
  clearNotice(): void {
    if (snapshot.notice !== null) update({ ...snapshot, notice: null });
  },
  /** Re-read localStorage (tests, other tabs). */
  reload(): void {
    snapshot = { token: read(TOKEN_KEY), notice: read(NOTICE_KEY) };
    for (const listener of listeners) listener();
  },
};
