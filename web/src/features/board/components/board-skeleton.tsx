import { Skeleton } from "@/components/skeleton";
import { STATUS_LABELS } from "@/lib/status";
import { BUG_STATUSES } from "@/types/api";

/** Same boxes as the real board, so nothing jumps when it arrives. */
export function BoardSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the board" className="flex min-h-0 flex-1 gap-3 overflow-x-hidden px-4 pb-4 sm:px-6">
      {BUG_STATUSES.map((status, column) => (
        <div key={status} className="flex w-[85vw] max-w-[22rem] shrink-0 flex-col rounded-2xl border border-transparent bg-slate-100 sm:w-72 lg:w-auto lg:max-w-none lg:min-w-0 lg:flex-1 dark:bg-slate-900/60">
          <div className="flex h-11 items-center gap-2 px-3 pt-2">
            <span className="h-2 w-2 rounded-full bg-slate-300 dark:bg-slate-700" aria-hidden="true" />
            <span className="text-sm font-semibold text-slate-400 dark:text-slate-600">{STATUS_LABELS[status]}</span>
            <Skeleton className="h-5 w-7 rounded-full" />
          </div>
          <div className="space-y-2 px-2 pb-2">
            {Array.from({ length: 4 - column }, (_, i) => (
              <div key={i} className="h-[104px] rounded-xl border border-slate-200 bg-white p-3 dark:border-slate-700/60 dark:bg-slate-800/60">
                <Skeleton className="h-3 w-1/3" />
                <Skeleton className="mt-3 h-3.5 w-5/6" />
                <Skeleton className="mt-4 h-6 w-6 rounded-full" />
              </div>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
