import { useMutation } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { ChangePasswordRequest, User } from "@/types/api";

export function changePassword(body: ChangePasswordRequest): Promise<User> {
  return apiRequest<User>("/api/auth/password", { method: "POST", body });
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
