import { useCallback, useEffect, useMemo, useState } from "react";
import { Outlet, useParams, useSearchParams } from "react-router";
import { Button } from "@/components/button";
import { errorMessage } from "@/lib/api-client";
import { useCurrentUser } from "@/features/auth/hooks/use-auth";
import { useBoard } from "@/features/board/api/get-board";
import { BoardSkeleton } from "@/features/board/components/board-skeleton";
import { AsOfBanner, BoardToolbar } from "@/features/board/components/board-toolbar";
import { KanbanBoard } from "@/features/board/components/kanban-board";
import { hasFilters, readFilters, toBoardQuery, writeFilters, type BoardFilters } from "@/features/board/utils/board-filters";
import { rememberProject } from "@/features/projects/last-project";
import type { Board, BugStatus } from "@/types/api";

/** Cards per column on first load; "Show more" adds as many again. */
export const PAGE_SIZE = 50;
/** The list endpoints' maximum page. */
const MAX_LIMIT = 500;
const CLOSED_KEY = "bugtracker.closedCollapsed";

type Limits = Record<BugStatus, number>;
const initialLimits: Limits = { open: PAGE_SIZE, in_progress: PAGE_SIZE, resolved: PAGE_SIZE, closed: PAGE_SIZE };

function truncate(board: Board, limits: Limits): Board {
  return { ...board, columns: board.columns.map((c) => ({ ...c, cards: c.cards.slice(0, limits[c.status]) })) };
}

export function BoardPage() {
  const { projectId: rawProjectId } = useParams();
  const projectId = Number(rawProjectId);
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const filterKey = `${projectId}|${filters.assignee_id ?? ""}|${filters.priority ?? ""}|${filters.q ?? ""}|${filters.as_of ?? ""}`;

  const [limitState, setLimitState] = useState<{ key: string; limits: Limits }>({ key: filterKey, limits: initialLimits });
  const limits = limitState.key === filterKey ? limitState.limits : initialLimits;
  const limit = Math.min(MAX_LIMIT, Math.max(...Object.values(limits)));
  const query = useMemo(() => toBoardQuery(filters, limit), [filters, limit]);
  const board = useBoard(projectId, query);

  const [closedCollapsed, setClosedCollapsed] = useState(() => {
    try {
      return window.localStorage.getItem(CLOSED_KEY) === "1";
    } catch {
      return false;
    }
  });
  const toggleClosed = useCallback(() => {
    setClosedCollapsed((v) => {
      try {
        window.localStorage.setItem(CLOSED_KEY, v ? "0" : "1");
      } catch {
        // not persisted
      }
      return !v;
    });
  }, []);

  useEffect(() => {
    if (Number.isInteger(projectId) && projectId > 0 && board.data) rememberProject(projectId);
  }, [projectId, board.data]);

  const setFilters = useCallback(
    (next: BoardFilters) => setParams((current) => writeFilters(current, next), { replace: false }),
    [setParams],
  );

  const onShowMore = useCallback(
    (status: BugStatus) =>
      setLimitState({ key: filterKey, limits: { ...limits, [status]: Math.min(MAX_LIMIT, limits[status] + PAGE_SIZE) } }),
    [filterKey, limits],
  );

  const search = params.toString();
  const bugHref = useCallback((bugId: number) => `/projects/${projectId}/bugs/${bugId}${search ? `?${search}` : ""}`, [projectId, search]);

  const view = useMemo(() => (board.data ? truncate(board.data, limits) : null), [board.data, limits]);
  const readOnly = filters.as_of !== undefined;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex flex-wrap items-baseline gap-x-3 px-4 pt-5 pb-3 sm:px-6">
        <h1 className="text-xl font-semibold tracking-tight">{board.data?.project.name ?? "\u00a0"}</h1>
        {board.data?.project.description ? (
          <p className="truncate text-sm text-slate-500 dark:text-slate-400">{board.data.project.description}</p>
        ) : null}
      </div>
      <BoardToolbar filters={filters} onChange={setFilters} />
      {filters.as_of ? <AsOfBanner asOf={filters.as_of} onBackToNow={() => setFilters({ ...filters, as_of: undefined })} /> : null}
      {board.isError && !board.data ? (
        <div role="alert" className="mx-4 rounded-xl border border-rose-200 bg-rose-50 p-4 text-sm text-rose-800 sm:mx-6 dark:border-rose-500/30 dark:bg-rose-500/10 dark:text-rose-200">
          <p>{errorMessage(board.error)}</p>
          <Button size="sm" className="mt-3" onClick={() => void board.refetch()}>
            Try again
          </Button>
        </div>
      ) : view ? (
        <KanbanBoard
          board={view}
          query={query}
          user={user}
          readOnly={readOnly}
          bugHref={bugHref}
          onShowMore={onShowMore}
          loadingMore={board.isFetching && board.isPlaceholderData}
          collapsedClosed={closedCollapsed}
          onToggleClosed={toggleClosed}
          filtered={hasFilters(filters)}
        />
      ) : (
        <BoardSkeleton />
      )}
      <Outlet />
    </div>
  );
}
