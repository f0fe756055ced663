// workspace:join / workspace:leave. Joining needs ownership; "not yours" answers like "unknown".
import type { Socket } from "socket.io";
import { touchWorkspace } from "../workspaces/activity";
import {
  type ClientToServerEvents,
  type JoinAck,
  joinInput,
  type ServerToClientEvents,
} from "../workspaces/schema";
import { ownsWorkspace } from "../workspaces/store";
import type { SocketData } from "./io";

type WsSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export function registerWorkspaceRooms(socket: WsSocket): void {
  socket.on("workspace:join", async (raw, ack) => {
    const reply = typeof ack === "function" ? ack : (_: JoinAck) => {};
    const parsed = joinInput.safeParse(raw);
    if (!parsed.success) return reply({ ok: false, error: "invalid workspace id" });
    const { id } = parsed.data;
    try {
      if (!(await ownsWorkspace(socket.data.user.id, id))) return reply({ ok: false, error: "not found" });
      await socket.join(`ws:${id}`);
      touchWorkspace(id);
      reply({ ok: true });
    } catch (err) {
      console.error("[realtime] join failed", err);
      reply({ ok: false, error: "internal error" });
    }
  });
  socket.on("workspace:leave", (raw) => {
    const parsed = joinInput.safeParse(raw);
    if (parsed.success) void socket.leave(`ws:${parsed.data.id}`);
  });
}
