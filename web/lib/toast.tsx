"use client";
// App-wide toasts. One polite live region announces successes; errors go to an assertive one so a
// screen reader interrupts for them. Toasts stack top-right below the header, clear of the agent
// composer, and never shift the layout.
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from "react";
import { cn } from "./cn";

type Kind = "success" | "error" | "info";
type Toast = { id: number; kind: Kind; message: string };
type ToastApi = { success(m: string): void; error(m: string): void; info(m: string): void };

const ToastContext = createContext<ToastApi | null>(null);

export function useToast(): ToastApi {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error("useToast needs <ToastProvider>");
  return ctx;
}

const styles: Record<Kind, string> = {
  success: "border-ok/40",
  error: "border-danger/50",
  info: "border-border",
};
const icons: Record<Kind, string> = { success: "✓", error: "!", info: "i" };
const iconStyles: Record<Kind, string> = {
  success: "bg-ok text-white",
  error: "bg-danger text-white",
  info: "bg-muted text-fg",
};

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  const push = useCallback(
    (kind: Kind, message: string) => {
      const id = next.current++;
      setToasts((t) => [...t.slice(-3), { id, kind, message }]);
      setTimeout(() => dismiss(id), kind === "error" ? 8000 : 4000);
    },
    [dismiss],
  );
  const api = useMemo<ToastApi>(
    () => ({
      success: (m) => push("success", m),
      error: (m) => push("error", m),
      info: (m) => push("info", m),
    }),
    [push],
  );
  const render = (filter: (t: Toast) => boolean) =>
    toasts.filter(filter).map((t) => (
      <div
        key={t.id}
        data-testid="toast"
        className={cn(
          "pointer-events-auto flex w-80 items-start gap-3 rounded-lg border bg-card p-3 text-sm shadow-lg",
          styles[t.kind],
        )}
      >
        <span
          aria-hidden
          className={cn(
            "mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full text-xs font-bold",
            iconStyles[t.kind],
          )}
        >
          {icons[t.kind]}
        </span>
        <p className="flex-1 break-words">{t.message}</p>
        <button
          type="button"
          aria-label="Dismiss notification"
          className="rounded px-1 text-muted-fg hover:bg-muted hover:text-fg"
          onClick={() => dismiss(t.id)}
        >
          ×
        </button>
      </div>
    ));
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="pointer-events-none fixed top-14 right-4 z-50 flex flex-col items-end gap-2">
        <div role="status" aria-live="polite" className="flex flex-col gap-2">
          {render((t) => t.kind !== "error")}
        </div>
        <div role="alert" aria-live="assertive" className="flex flex-col gap-2">
          {render((t) => t.kind === "error")}
        </div>
      </div>
    </ToastContext.Provider>
  );
}
