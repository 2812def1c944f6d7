import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { CreateProjectRequest, Project } from "@/types/api";

export interface CreateProjectInput extends CreateProjectRequest {
  idempotencyKey: string;
}

export function createProject({ idempotencyKey, ...body }: CreateProjectInput): Promise<Project> {
  return apiRequest<Project>("/api/projects", { method: "POST", body, idempotencyKey });
}

export function useCreateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createProject,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.projects() }),
  });
}
