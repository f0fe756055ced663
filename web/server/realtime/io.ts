// socket.io on the web server: the browser's live channel. The session cookie is checked on the
// handshake; a socket only ever joins rooms of workspaces its user owns (room `ws:<id>`).
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { getSessionUser, type SessionUser, toHeaders } from "../auth/session";
import { logger } from "../log/log";
import { peekProcessSlot, setProcessSlot } from "../process-state";
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  WorkspaceEvent,
  WorkspaceEventPayload,
} from "../workspaces/schema";
import { registerWorkspaceRooms } from "./workspace-rooms";

const log = logger("realtime");

export type SocketData = { user: SessionUser };
export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

const IO_SLOT = "realtime-io";
const currentIo = () => peekProcessSlot<RealtimeServer>(IO_SLOT);

export const workspaceRoom = (id: string) => `ws:${id}`;
/** Sockets of workspace tabs that are in front (see workspace:presence). */
export const activeRoom = (id: string) => `ws-active:${id}`;

/**
 * Sends an event to everyone watching a workspace. Safe to call from route handlers too (Next
 * bundles its own copy of this module; the server instance is shared through a process slot).
 */
export function publish<E extends WorkspaceEvent>(
  id: string,
  event: E,
  payload: WorkspaceEventPayload<E>,
): void {
  const io = currentIo();
  if (!io) return;
  (io.to(workspaceRoom(id)).emit as (e: string, p: unknown) => void)(event, payload);
}

/** How many workspace tabs of this workspace are in front: each counts as activity. */
export function activeTabs(id: string): number {
  return currentIo()?.sockets.adapter.rooms.get(activeRoom(id))?.size ?? 0;
}

/** Workspaces with at least one open tab (room member) right now. */
export function watchedWorkspaces(): string[] {
  const rooms = currentIo()?.sockets.adapter.rooms;
  return rooms ? [...rooms.keys()].filter((r) => r.startsWith("ws:")).map((r) => r.slice(3)) : [];
}

/**
 * `server` only ever sees the app origin's /socket.io/ requests (web/server.ts hands them over), so a
 * workspace origin's own socket.io app is never answered by ours. The handshake refuses any other
 * origin, like every state-changing request to the app.
 */
export function attachRealtime(server: HttpServer, appOrigin: string): RealtimeServer {
  const io: RealtimeServer = new Server(server, {
    path: "/socket.io/",
    destroyUpgrade: false,
    serveClient: false,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      const site = req.headers["sec-fetch-site"];
      const sameOrigin =
        (origin === undefined || origin === appOrigin) && (site === undefined || site === "same-origin");
      callback(sameOrigin ? null : "cross-origin handshake refused", sameOrigin);
    },
  });
  io.use(async (socket, nextFn) => {
    try {
      const user = await getSessionUser(toHeaders(socket.request.headers));
      if (!user) return nextFn(new Error("unauthenticated"));
      socket.data.user = user;
      nextFn();
    } catch (err) {
      log.error({ err }, "handshake failed");
      nextFn(new Error("internal"));
    }
  });
  io.on("connection", (socket) => {
    socket.join(`user:${socket.data.user.id}`);
    registerWorkspaceRooms(socket);
  });
  setProcessSlot(IO_SLOT, io);
  return io;
}
