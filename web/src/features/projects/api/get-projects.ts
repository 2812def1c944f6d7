import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { PageQuery, Project } from "@/types/api";

export function getProjects(page: PageQuery = {}, signal?: AbortSignal): Promise<Project[]> {
  return apiRequest<Project[]>("/api/projects", { query: { limit: page.limit ?? 500, offset: page.offset }, signal });
}

export function projectsQueryOptions(page: PageQuery = {}) {
  return queryOptions({
    queryKey: queryKeys.projectList(page),
    queryFn: ({ signal }) => getProjects(page, signal),
  });
}

export function useProjects(page: PageQuery = {}) {
  return useQuery(projectsQueryOptions(page));
}
