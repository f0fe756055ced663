// Open IDE and preview WebSockets (terminals, hot reload) outlive the request that checked them.
// Every few seconds the sessions they belong to are looked up again: signing out closes them.
import type { Duplex } from "node:stream";
import { liveSessionIds } from "../db/accounts";
import { logger } from "../log/log";
import { processSlot } from "../process-state";

const log = logger("proxy");

const SWEEP_MS = 5000;
const open = processSlot("workspace-sockets", () => new Map<Duplex, string>());
let sweeping = false;

async function sweep(): Promise<void> {
  const ids = [...new Set(open.values())];
  if (ids.length === 0) return;
  const keep = await liveSessionIds(ids);
  for (const [socket, id] of open) if (!keep.has(id)) socket.destroy();
}

export function trackSocket(sessionId: string, socket: Duplex): void {
  open.set(socket, sessionId);
  socket.once("close", () => open.delete(socket));
  if (sweeping) return;
  sweeping = true;
  setInterval(() => {
    sweep().catch((err) => log.error({ err: (err as Error).message }, "socket sweep failed"));
  }, SWEEP_MS).unref();
}

/** Closes the sockets of these sessions now, without waiting for the sweep (a disabled account). */
export function closeSessionSockets(sessionIds: Iterable<string>): void {
  const ids = new Set(sessionIds);
  for (const [socket, id] of open) if (ids.has(id)) socket.destroy();
}

export const openSocketCount = () => open.size;
