// socket.io on the web server: the browser's live channel. The session cookie is checked on the
// handshake; a socket only ever joins rooms of workspaces its user owns (room `ws:<id>`). Workspace
// events arrive from the workspaces event bus (workspaces/events.ts): realtime subscribes to it and
// tells it who is watching, so workspace code never imports realtime.
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents, WorkspaceEvent } from "../../contract/workspaces";
import { getSessionUser, toHeaders } from "../auth/session";
import { logger } from "../log/log";
import { peekProcessSlot, setProcessSlot } from "../process-state";
import { setAudience, subscribeWorkspaceEvents } from "../workspaces/events";
import { sharedAdapter } from "./postgres-adapter";
import { activeRoom, type SocketData, workspaceRoom } from "./rooms";
import { registerWorkspaceRooms } from "./workspace-rooms";

const log = logger("realtime");

export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

const IO_SLOT = "realtime-io";
const UNSUBSCRIBE_SLOT = "realtime-io-unsubscribe";
const currentIo = () => peekProcessSlot<RealtimeServer>(IO_SLOT);

// Every web process computes these itself for the tabs connected to it (stats of its watched
// workspaces, idle warnings from the shared lastActiveAt), so they go to this process's sockets only;
// editor reports reach every process whose shared bridge client asked for them (each tab's own
// process does, on presence); every other event happened once, in one process, and reaches all
// processes' sockets.
const PER_PROCESS: ReadonlySet<WorkspaceEvent> = new Set([
  "workspace:stats",
  "workspace:idle-warning",
  "workspace:editor",
]);

/** How many workspace tabs of this workspace are in front: each counts as activity. */
export function activeTabs(id: string): number {
  return currentIo()?.sockets.adapter.rooms.get(activeRoom(id))?.size ?? 0;
}

/** Closes every live channel of a user at once (a disabled account keeps no open socket). */
export function disconnectUser(userId: string): void {
  currentIo()?.in(`user:${userId}`).disconnectSockets(true);
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
    // On PostgreSQL (several web processes) broadcasts go through it: LISTEN/NOTIFY.
    adapter: sharedAdapter(),
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
  // One subscription per attached server; a second attach (tests) replaces the first.
  peekProcessSlot<() => void>(UNSUBSCRIBE_SLOT)?.();
  const unsubscribe = subscribeWorkspaceEvents(({ id, event, payload }) => {
    const to = PER_PROCESS.has(event) ? io.local.to(workspaceRoom(id)) : io.to(workspaceRoom(id));
    (to.emit as (e: string, p: unknown) => void)(event, payload);
  });
  setProcessSlot(UNSUBSCRIBE_SLOT, unsubscribe);
  setAudience({ watched: watchedWorkspaces, activeTabs });
  return io;
}
