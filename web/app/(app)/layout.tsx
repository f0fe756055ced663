import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { SessionProvider } from "@/lib/session-context";
import { ToastProvider } from "@/lib/toast";
import { isAdmin } from "@/server/admin/roles";
import { getSessionUser } from "@/server/auth/session";
import { AppHeader } from "./app-header";

export const dynamic = "force-dynamic";

// Every page below needs a session; signed-out visitors go to sign-in and come back afterwards.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const h = await headers();
  const user = await getSessionUser(h);
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(h.get("x-kalpana-path") ?? "/dashboard")}`);
  return (
    <SessionProvider user={user}>
      <ToastProvider>
        <div className="flex min-h-screen flex-col">
          <AppHeader admin={await isAdmin(user)} />
          {children}
        </div>
      </ToastProvider>
    </SessionProvider>
  );
}
