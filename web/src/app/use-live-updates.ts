import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { eventStreamUrl } from "@/lib/api-client";
import { dragGate } from "@/lib/drag-gate";
import { InvalidationQueue, STREAM_EVENT_TYPES, keysForEvent, parseStreamEvent } from "@/lib/live-updates";
import { queryKeys } from "@/lib/query-keys";

/**
 * Subscribes to the SSE feed and refreshes what each event touches (debounced, held during a
 * drag). EventSource reconnects by itself and resends Last-Event-ID; if the server closes the
 * stream for good (a 401, say), we check the session and reconnect after a pause.
 */
export function useLiveUpdates(token: string | null): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!token || typeof EventSource === "undefined") return;
    const queue = new InvalidationQueue(
      (keys) => {
        for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
      },
      () => dragGate.isBusy(),
    );
    const unsubscribe = dragGate.subscribe((busy) => {
      if (!busy) queue.release();
    });

    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;

    const onEvent = (message: MessageEvent<string>) => {
      const event = parseStreamEvent(message.data);
      if (event) queue.add(keysForEvent(event));
    };

    const connect = () => {
      source = new EventSource(eventStreamUrl(token));
      for (const type of STREAM_EVENT_TYPES) source.addEventListener(type, onEvent as EventListener);
      source.addEventListener("message", onEvent as EventListener);
      // The server revokes the stream when the account is blocked: check the session now.
      source.addEventListener("revoked", () => void queryClient.invalidateQueries({ queryKey: queryKeys.me() }));
      source.onerror = () => {
        if (stopped || !source || source.readyState !== EventSource.CLOSED) return;
        // Closed for good: maybe the token expired (the me query then signs us out).
        void queryClient.invalidateQueries({ queryKey: queryKeys.me() });
        retry = setTimeout(connect, 5000);
      };
    };
    connect();

    return () => {
      stopped = true;
      if (retry !== null) clearTimeout(retry);
      source?.close();
      queue.dispose();
      unsubscribe();
    };
  }, [token, queryClient]);
}
