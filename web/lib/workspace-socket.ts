"use client";
// The browser's live channel: ONE socket.io connection per tab (same origin, path /socket.io/, the
// session cookie rides along). Rooms are lost when the socket reconnects, so every hook re-joins its
// workspaces on each "connect".
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents, WorkspaceEvent } from "@/contract/workspaces";

type KalpanaSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
let shared: KalpanaSocket | null = null;

export function getSocket(): KalpanaSocket {
  shared ??= io({ path: "/socket.io/", withCredentials: true, transports: ["websocket", "polling"] });
  return shared;
}

export type SocketState = "connecting" | "connected" | "disconnected";

export function useSocketState(): SocketState {
  const [state, setState] = useState<SocketState>("connecting");
  useEffect(() => {
    const s = getSocket();
    const up = () => setState("connected");
    const down = () => setState("disconnected");
    setState(s.connected ? "connected" : "connecting");
    s.on("connect", up);
    s.on("disconnect", down);
    s.on("connect_error", down);
    // The browser knows about a lost network long before socket.io's ping timeout (~45 s) does.
    // Back online: the old connection may have survived (then say so) or needs a nudge.
    const online = () => (s.connected ? up() : s.connect());
    window.addEventListener("offline", down);
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("offline", down);
      window.removeEventListener("online", online);
      s.off("connect", up);
      s.off("disconnect", down);
      s.off("connect_error", down);
    };
  }, []);
  return state;
}

export type WorkspaceHandlers = Partial<ServerToClientEvents> & { onJoined?: () => void };

/** Joins the rooms of `ids` (re-joining after reconnects) and routes their events to `handlers`. */
export function useWorkspaceEvents(ids: string[], handlers: WorkspaceHandlers): void {
  // Handlers change every render; keep the latest in a ref so subscriptions stay stable.
  const latest = useRef(handlers);
  latest.current = handlers;
  const key = [...ids].sort().join(",");

  useEffect(() => {
    if (!key) return;
    const wanted = new Set(key.split(","));
    const s = getSocket();
    const join = () => {
      for (const id of wanted) {
        s.emit("workspace:join", { id }, (ack) => {
          if (ack?.ok) latest.current.onJoined?.();
        });
      }
    };
    if (s.connected) join();
    s.on("connect", join);
    const events: WorkspaceEvent[] = [
      "workspace:status",
      "workspace:progress",
      "workspace:log",
      "workspace:phase-warning",
      "workspace:idle-warning",
      "workspace:stats",
      "workspace:editor",
    ];
    const listeners = events.map((event) => {
      const fn = (payload: { id: string }) => {
        if (!wanted.has(payload.id)) return;
        (latest.current[event] as ((p: unknown) => void) | undefined)?.(payload);
      };
      s.on(event, fn as never);
      return [event, fn] as const;
    });
    return () => {
      s.off("connect", join);
      for (const [event, fn] of listeners) s.off(event, fn as never);
      for (const id of wanted) if (s.connected) s.emit("workspace:leave", { id });
    };
  }, [key]);
}
