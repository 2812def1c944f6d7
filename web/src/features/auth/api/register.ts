import { useMutation } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { RegisterRequest, User } from "@/types/api";

/** Self-registration; the server answers 404/403 unless ALLOW_REGISTRATION is on. */
export function register(body: RegisterRequest): Promise<User> {
  return apiRequest<User>("/api/auth/register", { method: "POST", body, token: null });
}

export function useRegister() {
  return useMutation({ mutationFn: register });
}
