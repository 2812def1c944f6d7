import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Role, User } from "@/types/api";

export interface ChangeRoleInput {
  userId: number;
  role: Role;
}

export function changeRole({ userId, role }: ChangeRoleInput): Promise<User> {
  return apiRequest<User>(`/api/users/${userId}/role`, { method: "PATCH", body: { role } });
}

export function useChangeRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeRole,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users() }),
  });
}
