import { useEffect, useId, useRef, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { CloseIcon } from "@/components/icons";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Open dialogs, innermost last: only the top one traps focus and answers Escape. */
const stack: symbol[] = [];

/** While a modal is open the app behind it is inert and hidden from assistive technology. */
function setBackgroundHidden(hidden: boolean): void {
  const root = document.getElementById("root");
  if (!root) return;
  if (hidden) {
    root.setAttribute("aria-hidden", "true");
    root.setAttribute("inert", "");
  } else {
    root.removeAttribute("aria-hidden");
    root.removeAttribute("inert");
  }
}

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  /** The accessible name when the visible title is not plain text. */
  label?: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  variant?: "center" | "side";
  /** Element to focus first; defaults to the first field, then the first control. */
  initialFocusRef?: React.RefObject<HTMLElement | null>;
  closeLabel?: string;
  testId?: string;
}

export function Dialog({
  open,
  onClose,
  title,
  label,
  description,
  children,
  footer,
  variant = "center",
  initialFocusRef,
  closeLabel = "Close dialog",
  testId,
}: DialogProps) {
  const titleId = useId();
  const descriptionId = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    if (!open) return;
    const token = Symbol("dialog");
    stack.push(token);
    setBackgroundHidden(true);
    const previouslyFocused = document.activeElement as HTMLElement | null;
    const panel = panelRef.current;

    const focusFirst = () => {
      if (!panel) return;
      // A side panel announces itself (its name) rather than jumping into its first field.
      const target =
        initialFocusRef?.current ??
        (variant === "side" ? panel : null) ??
        panel.querySelector<HTMLElement>("[data-autofocus]") ??
        panel.querySelector<HTMLElement>("input:not([disabled]), textarea:not([disabled]), select:not([disabled])") ??
        panel.querySelector<HTMLElement>(FOCUSABLE) ??
        panel;
      target.focus();
    };
    focusFirst();

    const onKeyDown = (event: KeyboardEvent) => {
      if (stack[stack.length - 1] !== token || !panel) return;
      if (event.key === "Escape") {
        event.stopPropagation();
        onCloseRef.current();
        return;
      }
      if (event.key !== "Tab") return;
      const items = Array.from(panel.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
        (el) => !el.hasAttribute("inert") && el.getAttribute("aria-hidden") !== "true",
      );
      if (items.length === 0) {
        event.preventDefault();
        return;
      }
      const first = items[0];
      const last = items[items.length - 1];
      const active = document.activeElement;
      if (event.shiftKey && (active === first || !panel.contains(active))) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && (active === last || !panel.contains(active))) {
        event.preventDefault();
        first?.focus();
      }
    };
    document.addEventListener("keydown", onKeyDown, true);
    return () => {
      document.removeEventListener("keydown", onKeyDown, true);
      const index = stack.indexOf(token);
      if (index !== -1) stack.splice(index, 1);
      if (stack.length === 0) setBackgroundHidden(false);
      if (previouslyFocused && document.contains(previouslyFocused)) previouslyFocused.focus();
    };
  }, [open, initialFocusRef, variant]);

  if (!open) return null;

  const side = variant === "side";
  return createPortal(
    <div className={`fixed inset-0 z-40 flex ${side ? "justify-end" : "items-end justify-center p-0 sm:items-center sm:p-4"}`}>
      <div
        className="absolute inset-0 bg-slate-900/40 backdrop-blur-[2px] dark:bg-black/60"
        aria-hidden="true"
        onClick={() => onCloseRef.current()}
      />
      <div
        ref={panelRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={label ? undefined : titleId}
        aria-label={label}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        data-testid={testId}
        className={
          side
            ? "relative flex h-full w-full max-w-xl flex-col border-l border-slate-200 bg-white shadow-2xl outline-none dark:border-slate-800 dark:bg-slate-900"
            : "relative flex max-h-[90vh] w-full flex-col rounded-t-2xl border border-slate-200 bg-white shadow-2xl outline-none sm:max-w-md sm:rounded-2xl dark:border-slate-800 dark:bg-slate-900"
        }
      >
        <div className="flex items-start justify-between gap-4 border-b border-slate-100 px-5 py-4 dark:border-slate-800">
          <div className="min-w-0">
            <h2 id={titleId} className="text-base font-semibold text-slate-900 dark:text-white">
              {title}
            </h2>
            {description ? (
              <p id={descriptionId} className="mt-1 text-sm text-slate-500 dark:text-slate-400">
                {description}
              </p>
            ) : null}
          </div>
          <button
            type="button"
            onClick={() => onCloseRef.current()}
            aria-label={closeLabel}
            className="-mr-1 rounded-md p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-700 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-200"
          >
            <CloseIcon className="h-5 w-5" />
          </button>
        </div>
        <div className="scrollbar-thin min-h-0 flex-1 overflow-y-auto px-5 py-4">{children}</div>
        {footer ? (
          <div className="flex justify-end gap-2 border-t border-slate-100 px-5 py-3 dark:border-slate-800">{footer}</div>
        ) : null}
      </div>
    </div>,
    document.body,
  );
}
