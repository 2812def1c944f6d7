import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Board, BoardQuery } from "@/types/api";

export function getBoard(projectId: number, query: BoardQuery = {}, signal?: AbortSignal): Promise<Board> {
  return apiRequest<Board>(`/api/projects/${projectId}/board`, {
    query: {
      assignee_id: query.assignee_id,
      priority: query.priority,
      q: query.q,
      limit: query.limit,
      as_of: query.as_of,
    },
    signal,
  });
}

export function boardQueryOptions(projectId: number, query: BoardQuery = {}) {
  return queryOptions({
    queryKey: queryKeys.boardView(projectId, query),
    queryFn: ({ signal }) => getBoard(projectId, query, signal),
    // A past board never changes.
    staleTime: query.as_of ? Infinity : 15_000,
  });
}

export function useBoard(projectId: number, query: BoardQuery = {}) {
  return useQuery({
    ...boardQueryOptions(projectId, query),
    // Keep showing the board while "Show more" or a filter change loads (no layout jump),
    // but never show another project's board.
    placeholderData: (previous) => (previous?.project.id === projectId ? previous : undefined),
  });
}

