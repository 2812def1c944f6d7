import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { HistoryEntry } from "@/types/api";

export function getBugHistory(bugId: number, signal?: AbortSignal): Promise<HistoryEntry[]> {
  return apiRequest<HistoryEntry[]>(`/api/bugs/${bugId}/history`, { signal });
}

export function bugHistoryQueryOptions(bugId: number) {
  return queryOptions({
    queryKey: queryKeys.bugHistory(bugId),
    queryFn: ({ signal }) => getBugHistory(bugId, signal),
  });
}

export function useBugHistory(bugId: number) {
  return useQuery(bugHistoryQueryOptions(bugId));
}
