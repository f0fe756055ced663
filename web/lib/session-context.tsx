"use client";
// The signed-in user, handed down once by the (app) layout so client components (user menu,
// per-user localStorage keys) do not each refetch /api/me.
import { createContext, type ReactNode, useContext } from "react";
import type { SessionUser } from "@/contract/session";

const SessionContext = createContext<SessionUser | null>(null);

export function SessionProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

export function useSessionUser(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error("useSessionUser needs <SessionProvider>");
  return user;
}
