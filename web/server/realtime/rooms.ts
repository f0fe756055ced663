// Room names and what a socket carries: shared by io.ts (which emits to rooms) and
// workspace-rooms.ts (which joins them), so neither imports the other.
import type { SessionUser } from "../auth/session";

export type SocketData = { user: SessionUser };

export const workspaceRoom = (id: string) => `ws:${id}`;
/** Sockets of workspace tabs that are in front (see workspace:presence). */
export const activeRoom = (id: string) => `ws-active:${id}`;
