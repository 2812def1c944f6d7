/**
 * Is a card being dragged (or waiting in a drop dialog)? Live updates hold their cache
 * invalidations while it is, and run them when the drag ends, so a refetch never yanks the
 * board from under the pointer.
 */
type Listener = (busy: boolean) => void;

let busy = false;
const listeners = new Set<Listener>();

export const dragGate = {
  isBusy: (): boolean => busy,
  setBusy(next: boolean): void {
    if (busy === next) return;
    busy = next;
    for (const listener of listeners) listener(next);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
