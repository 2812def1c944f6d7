import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { createPortal } from "react-dom";
import { MoreIcon } from "@/components/icons";

export interface MoveMenuItem {
  key: string;
  label: string;
  disabled: boolean;
  /** Why the item is disabled, shown under it. */
  reason?: string;
  onSelect: () => void;
}

/**
 * "Move to..." on every card: the single-pointer, no-drag way to move (WCAG 2.2 SC 2.5.7).
 * A menu button with arrow-key navigation, Escape to close, focus back on the button.
 */
export function MoveMenu({
  bugId,
  columns,
  reorder,
  buttonRef,
}: {
  bugId: number;
  columns: MoveMenuItem[];
  reorder: MoveMenuItem[];
  buttonRef?: React.RefObject<HTMLButtonElement | null>;
}) {
  const [open, setOpen] = useState(false);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const ownButtonRef = useRef<HTMLButtonElement>(null);
  const button = buttonRef ?? ownButtonRef;
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const all = [...columns, ...reorder];

  useLayoutEffect(() => {
    if (!open || !button.current) return;
    const rect = button.current.getBoundingClientRect();
    const width = 240;
    const left = Math.max(8, Math.min(rect.right - width, window.innerWidth - width - 8));
    const estimated = 48 + all.length * 40;
    const below = rect.bottom + 4;
    const top = below + estimated > window.innerHeight && rect.top > estimated ? rect.top - estimated - 4 : below;
    setPosition({ top, left });
  }, [open, button, all.length]);

  useEffect(() => {
    if (!open) return;
    const first = menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])');
    (first ?? menuRef.current)?.focus();
    const onPointer = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    const onScroll = (event: Event) => {
      if (!menuRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onPointer);
    window.addEventListener("resize", onScroll);
    document.addEventListener("scroll", onScroll, true);
    return () => {
      document.removeEventListener("mousedown", onPointer);
      window.removeEventListener("resize", onScroll);
      document.removeEventListener("scroll", onScroll, true);
    };
  }, [open, button]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? []);
    const index = items.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => items[(i + items.length) % items.length]?.focus();
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        focusAt(index + 1);
        break;
      case "ArrowUp":
        event.preventDefault();
        focusAt(index - 1);
        break;
      case "Home":
        event.preventDefault();
        focusAt(0);
        break;
      case "End":
        event.preventDefault();
        focusAt(items.length - 1);
        break;
      case "Escape":
        event.preventDefault();
        event.stopPropagation();
        close(true);
        break;
      case "Tab":
        close(false);
        break;
    }
  };

  const renderItem = (item: MoveMenuItem) => (
    <div
      key={item.key}
      role="menuitem"
      aria-label={item.label}
      aria-describedby={item.disabled && item.reason ? `${menuId}-${item.key}-reason` : undefined}
      tabIndex={item.disabled ? undefined : -1}
      aria-disabled={item.disabled || undefined}
      title={item.reason}
      onClick={() => {
        if (item.disabled) return;
        close(true);
        item.onSelect();
      }}
      onKeyDown={(event) => {
        if (item.disabled) return;
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          close(true);
          item.onSelect();
        }
      }}
      className={`flex cursor-pointer flex-col rounded-md px-2.5 py-1.5 text-sm outline-none ${
        item.disabled
          ? "cursor-not-allowed text-slate-400 dark:text-slate-500"
          : "text-slate-800 hover:bg-slate-100 focus:bg-indigo-50 focus:text-indigo-700 dark:text-slate-100 dark:hover:bg-slate-800 dark:focus:bg-indigo-500/20 dark:focus:text-indigo-200"
      }`}
    >
      <span>{item.label}</span>
      {item.disabled && item.reason ? <span id={`${menuId}-${item.key}-reason`} className="text-[11px] leading-tight text-slate-500 dark:text-slate-400">{item.reason}</span> : null}
    </div>
  );

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label="Move to..."
        title={`Move bug #${bugId}`}
        onClick={() => setOpen((v) => !v)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className="relative z-10 -my-1 -mr-1.5 inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-700 dark:text-slate-400 dark:hover:bg-slate-700 dark:hover:text-slate-200"
      >
        <MoreIcon className="h-4 w-4" />
      </button>
      {open
        ? createPortal(
            <div
              ref={menuRef}
              id={menuId}
              role="menu"
              aria-label={`Move bug #${bugId}`}
              tabIndex={-1}
              onKeyDown={onMenuKeyDown}
              style={{ top: position?.top ?? -9999, left: position?.left ?? -9999 }}
              className="fixed z-50 w-60 rounded-xl border border-slate-200 bg-white p-1.5 shadow-xl dark:border-slate-700 dark:bg-slate-900"
            >
              <p className="px-2.5 pt-1 pb-1.5 text-[11px] font-semibold tracking-wide text-slate-500 dark:text-slate-400 uppercase" aria-hidden="true">
                Move to
              </p>
              {columns.map(renderItem)}
              {reorder.length > 0 ? (
                <>
                  <div role="separator" className="my-1.5 border-t border-slate-100 dark:border-slate-800" />
                  {reorder.map(renderItem)}
                </>
              ) : null}
            </div>,
            document.body,
          )
        : null}
    </>
  );
}
