import { useEffect, useState } from "react";
import { Avatar } from "@/components/avatar";
import { Button } from "@/components/button";
import { PlusIcon, SearchIcon } from "@/components/icons";
import { Skeleton } from "@/components/skeleton";
import { useToast } from "@/components/toast";
import { errorMessage } from "@/lib/api-client";
import { formatDateTime } from "@/lib/time";
import { useCurrentUser } from "@/features/auth/hooks/use-auth";
import { useSetUserBlocked } from "@/features/users/api/block-user";
import { useChangeRole } from "@/features/users/api/change-role";
import { useUsers } from "@/features/users/api/get-users";
import { CreateUserDialog } from "@/features/users/components/create-user-dialog";
import type { Role, User } from "@/types/api";

const PAGE = 50;

export function UsersPage() {
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const users = useUsers({ q: q || undefined, limit: PAGE, offset });

  useEffect(() => {
    const timer = window.setTimeout(() => {
      setQ(search.trim());
      setOffset(0);
    }, 250);
    return () => window.clearTimeout(timer);
  }, [search]);

  const total = users.data?.total ?? 0;
  return (
    <main className="mx-auto w-full max-w-5xl px-4 py-6 sm:px-6">
      <div className="mb-5 flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Users</h1>
          <p className="text-sm text-slate-500 dark:text-slate-400">Accounts, roles and access.</p>
        </div>
        <Button variant="primary" onClick={() => setCreating(true)}>
          <PlusIcon className="h-4 w-4" /> New user
        </Button>
      </div>
      <div className="relative mb-4 max-w-sm">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-400" />
        <label htmlFor="user-search" className="sr-only">
          Search users
        </label>
        <input
          id="user-search"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Search by name or email"
          className="h-9 w-full rounded-lg border border-slate-300 bg-white pr-3 pl-9 text-sm shadow-sm placeholder:text-slate-500 dark:placeholder:text-slate-400 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 dark:border-slate-700 dark:bg-slate-900"
        />
      </div>
      <div className="overflow-hidden rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        {users.isPending ? (
          <div className="space-y-3 p-4">
            {Array.from({ length: 5 }, (_, i) => (
              <Skeleton key={i} className="h-10" />
            ))}
          </div>
        ) : users.isError ? (
          <p role="alert" className="p-4 text-sm text-rose-600">
            {errorMessage(users.error)}
          </p>
        ) : users.data.users.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-500 dark:text-slate-400">No users match.</p>
        ) : (
          <ul aria-label="Users" className="divide-y divide-slate-100 dark:divide-slate-800">
            {users.data.users.map((user) => (
              <UserRow key={user.id} user={user} />
            ))}
          </ul>
        )}
      </div>
      {total > PAGE ? (
        <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm text-slate-500 dark:text-slate-400">
          <span>
            {offset + 1}–{Math.min(offset + PAGE, total)} of {total}
          </span>
          <span className="flex gap-2">
            <Button size="sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous
            </Button>
            <Button size="sm" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
              Next
            </Button>
          </span>
        </nav>
      ) : null}
      <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
    </main>
  );
}

function UserRow({ user }: { user: User }) {
  const me = useCurrentUser();
  const toast = useToast();
  const block = useSetUserBlocked();
  const role = useChangeRole();
  const isMe = user.id === me.id;
  // Hide what the server would refuse: admins cannot be blocked, nobody blocks themself.
  const canBlock = !isMe && (user.role !== "admin" || user.is_blocked);
  const canChangeRole = !isMe;

  return (
    <li className="flex flex-wrap items-center gap-3 px-4 py-3" data-testid={`user-${user.id}`}>
      <Avatar name={user.name} id={user.id} size="md" decorative />
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium">
          {user.name}
          {isMe ? <span className="ml-1.5 text-xs font-normal text-slate-500 dark:text-slate-400">(you)</span> : null}
        </p>
        <p className="truncate text-xs text-slate-500 dark:text-slate-400">
          {user.email ?? "email hidden"} · joined {formatDateTime(user.created_at)}
        </p>
      </div>
      {user.is_blocked ? (
        <span className="rounded-md bg-rose-50 px-2 py-0.5 text-xs font-medium text-rose-700 dark:bg-rose-500/15 dark:text-rose-300">Blocked</span>
      ) : null}
      {canChangeRole ? (
        <>
          <label htmlFor={`role-${user.id}`} className="sr-only">
            Role for {user.name}
          </label>
          <select
            id={`role-${user.id}`}
            value={user.role}
            disabled={role.isPending}
            onChange={(e) =>
              role.mutate(
                { userId: user.id, role: e.target.value as Role },
                {
                  onSuccess: (u) => toast.success(`${u.name} is now ${u.role === "admin" ? "an admin" : "a member"}`),
                  onError: (err) => toast.error(errorMessage(err)),
                },
              )
            }
            className="h-8 rounded-lg border border-slate-300 bg-white px-2 text-sm dark:border-slate-700 dark:bg-slate-900"
          >
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </>
      ) : (
        <span className="text-xs font-medium text-slate-500 dark:text-slate-400 capitalize">{user.role}</span>
      )}
      {canBlock ? (
        <Button
          size="sm"
          variant={user.is_blocked ? "secondary" : "ghost"}
          disabled={block.isPending}
          aria-label={`${user.is_blocked ? "Unblock" : "Block"} ${user.name}`}
          onClick={() =>
            block.mutate(
              { userId: user.id, blocked: !user.is_blocked },
              {
                onSuccess: (u) => toast.success(`${u.name} is ${u.is_blocked ? "blocked" : "unblocked"}`),
                onError: (err) => toast.error(errorMessage(err)),
              },
            )
          }
        >
          {user.is_blocked ? "Unblock" : "Block"}
        </Button>
      ) : null}
    </li>
  );
}
