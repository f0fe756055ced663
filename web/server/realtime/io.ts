// socket.io on the web server: the browser's live channel. The session cookie is checked on the
// handshake; a socket only ever joins rooms of workspaces its user owns (see the lifecycle module).
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { getSessionUser, type SessionUser, toHeaders } from "../auth/session";

export type SocketData = { user: SessionUser };

export function attachRealtime(server: HttpServer): Server {
  // destroyUpgrade: false, or engine.io closes every other WebSocket upgrade (IDE proxy, Next HMR).
  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(
    server,
    {
      path: "/socket.io/",
      destroyUpgrade: false,
      serveClient: false,
    },
  );
  io.use(async (socket, nextFn) => {
    try {
      const user = await getSessionUser(toHeaders(socket.request.headers));
      if (!user) return nextFn(new Error("unauthenticated"));
      socket.data.user = user;
      nextFn();
    } catch (err) {
      console.error("[realtime] handshake failed", err);
      nextFn(new Error("internal"));
    }
  });
  io.on("connection", (socket) => {
    socket.join(`user:${socket.data.user.id}`);
  });
  (globalThis as { kalpanaIo?: Server }).kalpanaIo = io;
  return io;
}
