import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequestWithMeta } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { User, UserListQuery } from "@/types/api";

export interface UserPage {
  users: User[];
  total: number;
}

export async function getUsers(query: UserListQuery = {}, signal?: AbortSignal): Promise<UserPage> {
  const response = await apiRequestWithMeta<User[]>("/api/users", {
    query: { limit: query.limit ?? 500, offset: query.offset, q: query.q },
    signal,
  });
  return { users: response.data, total: response.total ?? response.data.length };
}

export function usersQueryOptions(query: UserListQuery = {}) {
  return queryOptions({
    queryKey: queryKeys.userList(query),
    queryFn: ({ signal }) => getUsers(query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useUsers(query: UserListQuery = {}, options: { enabled?: boolean } = {}) {
  return useQuery({ ...usersQueryOptions(query), enabled: options.enabled ?? true });
}
