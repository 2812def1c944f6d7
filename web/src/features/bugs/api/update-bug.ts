import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { syncBug } from "@/features/bugs/utils/sync-bug";
import type { Bug, UpdateBugRequest } from "@/types/api";

export interface UpdateBugInput extends UpdateBugRequest {
  bugId: number;
  /** Sent as If-Match so that a concurrent edit is refused (412) rather than overwritten. */
  version?: number;
}

export function updateBug({ bugId, version, ...body }: UpdateBugInput): Promise<Bug> {
  return apiRequest<Bug>(`/api/bugs/${bugId}`, { method: "PUT", body, ifMatch: version });
}

export function useUpdateBug() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateBug,
    onSuccess: (bug) => syncBug(queryClient, bug),
  });
}
