import { useState } from "react";

/**
 * A form field's draft over a server value that live updates may change: while the user has
 * not edited it, the draft follows the server; once edited, it is kept.
 */
export function useDraft<T>(server: T): [T, (value: T) => void, boolean] {
  const [draft, setDraft] = useState(server);
  const [base, setBase] = useState(server);
  if (!Object.is(base, server)) {
    setBase(server);
    if (Object.is(draft, base)) setDraft(server);
  }
  return [draft, setDraft, !Object.is(draft, server)];
}
