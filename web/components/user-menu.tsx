"use client";
// Avatar button with a small menu (settings, sign out). Arrow keys move between items, Escape closes
// and returns focus to the button.
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { authClient } from "@/lib/auth-client";
import { useSessionUser } from "@/lib/session-context";

const item =
  "block w-full rounded px-3 py-2 text-left text-sm hover:bg-muted focus:bg-muted focus:outline-none";

export function UserMenu() {
  const user = useSessionUser();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent) {
        if (e.key !== "Escape") return;
        button.current?.focus();
      } else if (root.current?.contains(e.target as Node)) return;
      setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  function onMenuKey(e: React.KeyboardEvent) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    e.preventDefault();
    const items = [...(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    items[(i + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length]?.focus();
  }

  async function signOut() {
    await authClient.signOut();
    window.location.assign("/sign-in");
  }

  return (
    <div className="relative" ref={root}>
      <button
        ref={button}
        type="button"
        className="flex items-center gap-2 rounded-md px-2 py-1 hover:bg-muted"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="user-menu"
      >
        <Avatar name={user.name} image={user.image} />
        <span className="max-w-40 truncate text-sm font-medium">{user.name}</span>
      </button>
      {open && (
        <div
          role="menu"
          tabIndex={-1}
          onKeyDown={onMenuKey}
          className="absolute right-0 z-30 mt-1 w-56 rounded-md border border-border bg-card p-1 shadow-lg"
        >
          <div className="truncate px-3 py-2 text-xs text-muted-fg">{user.email}</div>
          <Link href="/dashboard" role="menuitem" className={item} onClick={() => setOpen(false)}>
            Workspaces
          </Link>
          <Link href="/settings" role="menuitem" className={item} onClick={() => setOpen(false)}>
            Settings
          </Link>
          <div className="my-1 border-t border-border" />
          <button type="button" role="menuitem" className={item} onClick={signOut}>
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
