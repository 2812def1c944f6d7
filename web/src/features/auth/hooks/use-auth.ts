import { useContext } from "react";
import { AuthContext, type AuthContextValue } from "@/features/auth/components/auth-provider";
import type { User } from "@/types/api";

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth needs an AuthProvider");
  return value;
}

/** The signed-in user; only for screens behind RequireAuth. */
export function useCurrentUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error("useCurrentUser outside a signed-in screen");
  return user;
}
