import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequestWithMeta } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Bug, BugListQuery } from "@/types/api";

export interface BugPage {
  bugs: Bug[];
  total: number;
}

export async function getBugs(query: BugListQuery = {}, signal?: AbortSignal): Promise<BugPage> {
  const response = await apiRequestWithMeta<Bug[]>("/api/bugs", { query: { ...query }, signal });
  return { bugs: response.data, total: response.total ?? response.data.length };
}

export function bugsQueryOptions(query: BugListQuery = {}) {
  return queryOptions({
    queryKey: queryKeys.bugList({ ...query }),
    queryFn: ({ signal }) => getBugs(query, signal),
  });
}

export function useBugs(query: BugListQuery = {}) {
  return useQuery(bugsQueryOptions(query));
}
