"use client";
// A modal on the native <dialog>: the browser gives us the focus trap, Escape to close and inert
// background; we add the look and return focus to whatever opened it.
import { type ReactNode, useEffect, useRef } from "react";
import { cn } from "@/lib/cn";

type Props = { open: boolean; onClose: () => void; title: string; children: ReactNode; className?: string };

export function Dialog({ open, onClose, title, children, className }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      const opener = document.activeElement as HTMLElement | null;
      d.showModal();
      return () => opener?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby="dialog-title"
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className={cn(
        "m-auto w-full max-w-md rounded-xl border border-border bg-card p-6 text-fg shadow-2xl backdrop:bg-black/50",
        className,
      )}
    >
      {open && (
        <>
          <h2 id="dialog-title" className="mb-3 text-lg font-semibold">
            {title}
          </h2>
          {children}
        </>
      )}
    </dialog>
  );
}
