import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { syncBug } from "@/features/bugs/utils/sync-bug";
import type { Bug } from "@/types/api";

export function unassignBug(bugId: number): Promise<Bug> {
  return apiRequest<Bug>(`/api/bugs/${bugId}/unassign`, { method: "POST" });
}

export function useUnassignBug() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: unassignBug,
    onSuccess: (bug) => syncBug(queryClient, bug),
  });
}
