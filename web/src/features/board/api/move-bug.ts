import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest, newIdempotencyKey } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { applyMove } from "@/features/board/utils/apply-move";
import type { Board, BoardQuery, Bug, BugStatus, MoveBugRequest } from "@/types/api";

export interface MoveBugInput {
  bug_id: number;
  status: BugStatus;
  after_id: number | null;
  before_id: number | null;
  /** Set first with PUT when the target column needs it (In Progress). */
  assignee?: { id: number; name: string };
  /** Set first with PUT when the target column needs it (Resolved). */
  resolution_note?: string;
}

export async function moveBug(input: MoveBugInput, idempotencyKey: string = newIdempotencyKey()): Promise<Bug> {
  const { bug_id, status, after_id, before_id, assignee, resolution_note } = input;
  if (assignee !== undefined || resolution_note !== undefined) {
    await apiRequest<Bug>(`/api/bugs/${bug_id}`, {
      method: "PUT",
      body: { assignee_id: assignee?.id, resolution_note },
    });
  }
  const body: MoveBugRequest = { status };
  if (after_id !== null) body.after_id = after_id;
  if (before_id !== null) body.before_id = before_id;
  return apiRequest<Bug>(`/api/bugs/${bug_id}/move`, { method: "POST", body, idempotencyKey });
}

/**
 * Moves a card: the board query is updated at once (optimistic), rolled back if the server
 * refuses (the caller shows the server's message), and refetched when settled.
 */
export function useMoveBug(projectId: number, query: BoardQuery) {
  const queryClient = useQueryClient();
  const queryKey = queryKeys.boardView(projectId, query);
  return useMutation({
    mutationFn: (input: MoveBugInput) => moveBug(input),
    onMutate: async (input) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.board(projectId) });
      const previous = queryClient.getQueryData<Board>(queryKey);
      const patch = input.assignee ? { assignee_id: input.assignee.id, assignee_name: input.assignee.name } : {};
      queryClient.setQueryData<Board>(queryKey, (board) => (board ? applyMove(board, input, patch) : board));
      return { previous };
    },
    onError: (_error, _input, context) => {
      if (context?.previous) queryClient.setQueryData(queryKey, context.previous);
    },
    onSettled: (_data, _error, input) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.board(projectId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.bug(input.bug_id) }),
      ]),
  });
}
