import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Activity, ActivityQuery } from "@/types/api";

export function getProjectActivity(projectId: number, query: ActivityQuery = {}, signal?: AbortSignal) {
  return apiRequest<Activity[]>(`/api/projects/${projectId}/activity`, { query: { ...query }, signal });
}

export function projectActivityQueryOptions(projectId: number, query: ActivityQuery = {}) {
  return queryOptions({
    queryKey: [...queryKeys.projectActivity(projectId), query],
    queryFn: ({ signal }) => getProjectActivity(projectId, query, signal),
  });
}

export function useProjectActivity(projectId: number, query: ActivityQuery = {}) {
  return useQuery(projectActivityQueryOptions(projectId, query));
}
