// workspace:join / workspace:leave / workspace:presence. Joining needs ownership; "not yours" answers
// like "unknown". Joining only subscribes to events (the dashboard joins every workspace); a workspace
// tab in front additionally sends presence, and only that counts as activity for the idle reaper.
import type { Socket } from "socket.io";
import {
  type ClientToServerEvents,
  type JoinAck,
  joinInput,
  presenceInput,
  type ServerToClientEvents,
} from "../../contract/workspaces";
import { logger } from "../log/log";
import { touchWorkspace } from "../workspaces/activity";
import { watchEditor } from "../workspaces/editor";
import { ownsWorkspace } from "../workspaces/store";
import { activeRoom, type SocketData, workspaceRoom } from "./rooms";

const log = logger("realtime");

type WsSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export function registerWorkspaceRooms(socket: WsSocket): void {
  socket.on("workspace:join", async (raw, ack) => {
    const reply = typeof ack === "function" ? ack : (_: JoinAck) => {};
    const parsed = joinInput.safeParse(raw);
    if (!parsed.success) return reply({ ok: false, error: "invalid workspace id" });
    const { id } = parsed.data;
    try {
      if (!(await ownsWorkspace(socket.data.user.id, id))) return reply({ ok: false, error: "not found" });
      await socket.join(workspaceRoom(id));
      reply({ ok: true });
    } catch (err) {
      log.error({ err }, "join failed");
      reply({ ok: false, error: "internal error" });
    }
  });
  socket.on("workspace:leave", (raw) => {
    const parsed = joinInput.safeParse(raw);
    if (!parsed.success) return;
    void socket.leave(workspaceRoom(parsed.data.id));
    void socket.leave(activeRoom(parsed.data.id));
  });
  socket.on("workspace:presence", (raw) => {
    const parsed = presenceInput.safeParse(raw);
    // Only after a successful join, which checked ownership.
    if (!parsed.success || !socket.rooms.has(workspaceRoom(parsed.data.id))) return;
    const { id, active } = parsed.data;
    if (active) {
      void socket.join(activeRoom(id));
      touchWorkspace(id);
      // The tab in front shows the agent panel: its chips need the editor's current report.
      void watchEditor(id);
    } else void socket.leave(activeRoom(id));
  });
}
