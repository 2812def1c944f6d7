import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Project } from "@/types/api";

export function getProject(projectId: number, signal?: AbortSignal): Promise<Project> {
  return apiRequest<Project>(`/api/projects/${projectId}`, { signal });
}

export function projectQueryOptions(projectId: number) {
  return queryOptions({
    queryKey: queryKeys.project(projectId),
    queryFn: ({ signal }) => getProject(projectId, signal),
  });
}

export function useProject(projectId: number) {
  return useQuery(projectQueryOptions(projectId));
}
