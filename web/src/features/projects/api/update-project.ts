import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Project, UpdateProjectRequest } from "@/types/api";

export interface UpdateProjectInput extends UpdateProjectRequest {
  projectId: number;
  version?: number;
}

export function updateProject({ projectId, version, ...body }: UpdateProjectInput): Promise<Project> {
  return apiRequest<Project>(`/api/projects/${projectId}`, { method: "PATCH", body, ifMatch: version });
}

export function useUpdateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProject,
    onSettled: (_data, _error, input) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.projects() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.board(input.projectId) });
    },
  });
}
