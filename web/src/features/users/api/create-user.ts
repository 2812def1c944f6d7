import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { CreateUserRequest, User } from "@/types/api";

export interface CreateUserInput extends CreateUserRequest {
  idempotencyKey: string;
}

export function createUser({ idempotencyKey, ...body }: CreateUserInput): Promise<User> {
  return apiRequest<User>("/api/users", { method: "POST", body, idempotencyKey });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.users() }),
  });
}
