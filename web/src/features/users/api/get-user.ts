import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { User } from "@/types/api";

export function getUser(userId: number, signal?: AbortSignal): Promise<User> {
  return apiRequest<User>(`/api/users/${userId}`, { signal });
}

export function userQueryOptions(userId: number) {
  return queryOptions({ queryKey: queryKeys.user(userId), queryFn: ({ signal }) => getUser(userId, signal) });
}

export function useUser(userId: number) {
  return useQuery(userQueryOptions(userId));
}
