import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { BugDetail } from "@/types/api";

export function getBug(bugId: number, asOf: string | null = null, signal?: AbortSignal): Promise<BugDetail> {
  return apiRequest<BugDetail>(`/api/bugs/${bugId}`, { query: { as_of: asOf }, signal });
}

export function bugQueryOptions(bugId: number, asOf: string | null = null) {
  return queryOptions({
    queryKey: queryKeys.bugView(bugId, asOf),
    queryFn: ({ signal }) => getBug(bugId, asOf, signal),
  });
}

export function useBug(bugId: number, asOf: string | null = null) {
  return useQuery(bugQueryOptions(bugId, asOf));
}
