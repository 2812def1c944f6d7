import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Activity, ActivityQuery } from "@/types/api";

export function getUserActivity(userId: number, query: ActivityQuery = {}, signal?: AbortSignal): Promise<Activity[]> {
  return apiRequest<Activity[]>(`/api/users/${userId}/activity`, { query: { ...query }, signal });
}

export function userActivityQueryOptions(userId: number, query: ActivityQuery = {}) {
  return queryOptions({
    queryKey: [...queryKeys.user(userId), "activity", query],
    queryFn: ({ signal }) => getUserActivity(userId, query, signal),
  });
}

export function useUserActivity(userId: number, query: ActivityQuery = {}) {
  return useQuery(userActivityQueryOptions(userId, query));
}
