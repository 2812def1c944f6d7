import type { QueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/lib/query-keys";
import { patchCard } from "@/lib/board-cache";
import type { Board, Bug, BugDetail } from "@/types/api";

/** Fold a Bug the server returned into the caches that show it, then refetch what depends on it. */
export function syncBug(queryClient: QueryClient, bug: Bug): Promise<void> {
  queryClient.setQueriesData<BugDetail>({ queryKey: queryKeys.bug(bug.id) }, (old) => {
    if (!old || !("comments" in old)) return old;
    const assignee = old.assignee && old.assignee.id === bug.assignee_id ? old.assignee : null;
    return { ...old, ...bug, assignee };
  });
  queryClient.setQueriesData<Board>({ queryKey: queryKeys.board(bug.project_id) }, (old) =>
    old && old.as_of === null
      ? patchCard(old, bug.id, {
          title: bug.title,
          priority: bug.priority,
          assignee_id: bug.assignee_id,
          assignee_name: bug.assignee_name,
          comment_count: bug.comment_count,
          version: bug.version,
        })
      : old,
  );
  return invalidateBug(queryClient, bug.id, bug.project_id);
}

export async function invalidateBug(queryClient: QueryClient, bugId: number, projectId?: number): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.bug(bugId) }),
    projectId === undefined
      ? queryClient.invalidateQueries({ queryKey: queryKeys.boards() })
      : queryClient.invalidateQueries({ queryKey: queryKeys.board(projectId) }),
  ]);
}
