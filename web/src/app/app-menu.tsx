import { useEffect, useId, useRef, useState, type FocusEvent, type ReactNode } from "react";
import { NavLink, useLocation } from "react-router";
import { Avatar } from "@/components/avatar";
import { FolderPlusIcon, LogOutIcon, UsersIcon } from "@/components/icons";
import type { User } from "@/types/api";

const item =
  "flex w-full items-center gap-2.5 rounded-lg px-2.5 py-2 text-left text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-200 dark:hover:bg-slate-800 dark:hover:text-white";
const icon = "h-4 w-4 shrink-0 text-slate-500 dark:text-slate-400";

export interface AppMenuProps {
  user: User;
  isAdmin: boolean;
  onNewProject: () => void;
  onSignOut: () => void;
  className?: string;
}

/**
 * The header's secondary actions on narrow screens (the same names as on wide ones): a disclosure
 * button showing who is signed in, opening the "Users" link, "New project" and "Sign out".
 */
export function AppMenu({ user, isAdmin, onNewProject, onSignOut, className = "" }: AppMenuProps) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const { pathname } = useLocation();

  // A navigation (the "Users" link, the back button) closes the menu.
  const [seenPath, setSeenPath] = useState(pathname);
  if (seenPath !== pathname) {
    setSeenPath(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    const next = event.relatedTarget;
    if (next instanceof Node && !event.currentTarget.contains(next)) setOpen(false);
  };

  /** Focus goes back to the menu button first, so a dialog opened by the action returns it there. */
  const run = (action: () => void) => () => {
    setOpen(false);
    buttonRef.current?.focus();
    action();
  };

  return (
    <div ref={rootRef} className={`relative ${className}`} onBlur={onBlur}>
      <button
        ref={buttonRef}
        type="button"
        aria-label="Menu"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((v) => !v)}
        className="inline-flex h-9 w-9 items-center justify-center rounded-full hover:ring-2 hover:ring-slate-200 aria-expanded:ring-2 aria-expanded:ring-indigo-500/40 dark:hover:ring-slate-700"
      >
        <Avatar name={user.name} id={user.id} size="md" decorative />
      </button>
      {open ? (
        <div
          id={panelId}
          className="absolute top-full right-0 z-40 mt-2 w-64 rounded-xl border border-slate-200 bg-white p-1.5 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:shadow-black/40"
        >
          <div className="flex items-center gap-2.5 px-2.5 pt-1.5 pb-2.5">
            <Avatar name={user.name} id={user.id} size="md" decorative />
            <div className="min-w-0 leading-tight">
              <p className="truncate text-sm font-medium text-slate-900 dark:text-white">{user.name}</p>
              <p className="text-xs text-slate-500 capitalize dark:text-slate-400">{user.role}</p>
            </div>
          </div>
          <Separator />
          {isAdmin ? (
            <>
              <NavLink to="/users" className={item}>
                <UsersIcon className={icon} />
                Users
              </NavLink>
              <button type="button" className={item} onClick={run(onNewProject)}>
                <FolderPlusIcon className={icon} />
                New project
              </button>
              <Separator />
            </>
          ) : null}
          <button type="button" className={item} onClick={run(onSignOut)}>
            <LogOutIcon className={icon} />
            Sign out
          </button>
        </div>
      ) : null}
    </div>
  );
}

function Separator(): ReactNode {
  return <div className="my-1 border-t border-slate-100 dark:border-slate-800" role="presentation" />;
}
