import { useMutation } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { LoginRequest, LoginResponse } from "@/types/api";

export function login(body: LoginRequest): Promise<LoginResponse> {
  return apiRequest<LoginResponse>("/api/auth/login", { method: "POST", body, token: null });
}

export function useLogin() {
  return useMutation({ mutationFn: login });
}
