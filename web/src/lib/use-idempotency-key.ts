import { useCallback, useState } from "react";
import { newIdempotencyKey } from "@/lib/api-client";

/**
 * One key per intended write: a retry of a failed submit reuses it (so a request that did reach
 * the server is not applied twice); call `renew` after a success to start the next write.
 */
export function useIdempotencyKey(): [string, () => void] {
  const [key, setKey] = useState(newIdempotencyKey);
  const renew = useCallback(() => setKey(newIdempotencyKey()), []);
  return [key, renew];
}
