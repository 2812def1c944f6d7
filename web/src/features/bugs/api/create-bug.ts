import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Bug, CreateBugRequest } from "@/types/api";

export interface CreateBugInput extends CreateBugRequest {
  idempotencyKey: string;
}

export function createBug({ idempotencyKey, ...body }: CreateBugInput): Promise<Bug> {
  return apiRequest<Bug>("/api/bugs", { method: "POST", body, idempotencyKey });
}

export function useCreateBug() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createBug,
    onSuccess: (bug) => queryClient.invalidateQueries({ queryKey: queryKeys.board(bug.project_id) }),
  });
}
