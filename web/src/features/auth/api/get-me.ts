import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { User } from "@/types/api";

export function getMe(signal?: AbortSignal): Promise<User> {
  return apiRequest<User>("/api/auth/me", { signal });
}

export function meQueryOptions(token: string | null) {
  return queryOptions({
    queryKey: queryKeys.me(),
    queryFn: ({ signal }) => getMe(signal),
    enabled: token !== null,
    staleTime: 60_000,
  });
}

export function useMe(token: string | null) {
  return useQuery(meQueryOptions(token));
}
