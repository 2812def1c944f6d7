import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { User } from "@/types/api";

export interface BlockUserInput {
  userId: number;
  blocked: boolean;
}

export function setUserBlocked({ userId, blocked }: BlockUserInput): Promise<User> {
  return apiRequest<User>(`/api/users/${userId}/${blocked ? "block" : "unblock"}`, { method: "PATCH" });
}

export function useSetUserBlocked() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setUserBlocked,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users() }),
  });
}
