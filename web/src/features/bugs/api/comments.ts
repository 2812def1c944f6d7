import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { invalidateBug } from "@/features/bugs/utils/sync-bug";
import type { Comment, PageQuery } from "@/types/api";

export function getComments(bugId: number, page: PageQuery = {}, signal?: AbortSignal): Promise<Comment[]> {
  return apiRequest<Comment[]>(`/api/bugs/${bugId}/comments`, { query: { limit: page.limit ?? 500, offset: page.offset }, signal });
}

export function commentsQueryOptions(bugId: number, page: PageQuery = {}) {
  return queryOptions({
    queryKey: [...queryKeys.bugComments(bugId), page],
    queryFn: ({ signal }) => getComments(bugId, page, signal),
  });
}

export function useComments(bugId: number, page: PageQuery = {}) {
  return useQuery(commentsQueryOptions(bugId, page));
}

export interface AddCommentInput {
  bugId: number;
  text: string;
  idempotencyKey: string;
}

export function addComment({ bugId, text, idempotencyKey }: AddCommentInput): Promise<Comment> {
  return apiRequest<Comment>(`/api/bugs/${bugId}/comments`, { method: "POST", body: { text }, idempotencyKey });
}

export interface EditCommentInput {
  bugId: number;
  commentId: number;
  text: string;
}

export function editComment({ bugId, commentId, text }: EditCommentInput): Promise<Comment> {
  return apiRequest<Comment>(`/api/bugs/${bugId}/comments/${commentId}`, { method: "PATCH", body: { text } });
}

export interface DeleteCommentInput {
  bugId: number;
  commentId: number;
}

export function deleteComment({ bugId, commentId }: DeleteCommentInput): Promise<null> {
  return apiRequest<null>(`/api/bugs/${bugId}/comments/${commentId}`, { method: "DELETE" });
}

function useCommentMutation<TInput extends { bugId: number }, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // The card's comment count changes too, so the board is refreshed with the bug.
    onSuccess: (_data, input) => invalidateBug(queryClient, input.bugId),
  });
}

export const useAddComment = () => useCommentMutation(addComment);
export const useEditComment = () => useCommentMutation(editComment);
export const useDeleteComment = () => useCommentMutation(deleteComment);
