"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { ThemeToggle } from "@/components/theme-toggle";
import { Avatar } from "@/components/ui/avatar";
import { authClient } from "@/lib/auth-client";
import type { SessionUser } from "@/server/auth/session";

export function AppHeader({ user }: { user: SessionUser }) {
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !menu.current?.contains(e.target as Node))
        setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, []);

  async function signOut() {
    await authClient.signOut();
    window.location.assign("/sign-in");
  }

  return (
    <header className="flex h-12 shrink-0 items-center gap-4 border-b border-border bg-card px-4">
      <Link href="/dashboard" className="flex items-center gap-2 font-semibold">
        {/* biome-ignore lint/performance/noImgElement: tiny static logo */}
        <img src="/favicon.svg" alt="" width={20} height={20} />
        Kalpana
      </Link>
      <nav className="flex gap-1 text-sm">
        <Link href="/dashboard" className="rounded-md px-2 py-1 text-muted-fg hover:bg-muted hover:text-fg">
          Workspaces
        </Link>
      </nav>
      <div className="ml-auto flex items-center gap-2">
        <ThemeToggle />
        <div className="relative" ref={menu}>
          <button
            type="button"
            className="flex items-center gap-2 rounded-md px-2 py-1 hover:bg-muted"
            aria-haspopup="menu"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
            data-testid="user-menu"
          >
            <Avatar name={user.name} image={user.image} />
            <span className="text-sm font-medium">{user.name}</span>
          </button>
          {open && (
            <div
              role="menu"
              className="absolute right-0 z-20 mt-1 w-56 rounded-md border border-border bg-card p-1 shadow-lg"
            >
              <div className="px-3 py-2 text-xs text-muted-fg">{user.email}</div>
              <button
                type="button"
                role="menuitem"
                className="w-full rounded px-3 py-2 text-left text-sm hover:bg-muted"
                onClick={signOut}
              >
                Sign out
              </button>
            </div>
          )}
        </div>
      </div>
    </header>
  );
}
