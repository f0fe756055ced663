"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ThemeToggle } from "@/components/theme-toggle";
import { UserMenu } from "@/components/user-menu";
import { cn } from "@/lib/cn";

const nav = [
  { href: "/dashboard", label: "Workspaces" },
  { href: "/settings", label: "Settings" },
];

/** `admin`: the signed-in person is an administrator (the Admin link is shown to nobody else). */
export function AppHeader({ admin = false }: { admin?: boolean }) {
  const path = usePathname();
  // The workspace view draws its own header (name, status, actions) to save vertical space.
  if (path.startsWith("/workspace/")) return null;
  return (
    <header className="flex h-12 shrink-0 items-center gap-4 border-b border-border bg-card px-4">
      <Link href="/dashboard" className="flex items-center gap-2 rounded-md font-semibold">
        {/* biome-ignore lint/performance/noImgElement: tiny static logo */}
        <img src="/favicon.svg" alt="" width={20} height={20} />
        Kalpana
      </Link>
      <nav aria-label="Main" className="flex gap-1 text-sm">
        {(admin ? [...nav, { href: "/admin", label: "Admin" }] : nav).map((n) => {
          const active = path === n.href || (n.href === "/dashboard" && path.startsWith("/workspaces"));
          return (
            <Link
              key={n.href}
              href={n.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "rounded-md px-2 py-1 hover:bg-muted hover:text-fg",
                active ? "font-medium text-fg" : "text-muted-fg",
              )}
            >
              {n.label}
            </Link>
          );
        })}
      </nav>
      <div className="ml-auto flex items-center gap-2">
        <ThemeToggle />
        <UserMenu />
      </div>
    </header>
  );
}
