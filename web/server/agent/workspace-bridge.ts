// One bridge client per workspace, shared by every chat of that workspace. A client whose
// connection is gone (container restarted on new ports) is replaced on the next call.
import type { BridgeClient } from "@kalpana/bridge/client";
import { connectWorkspaceBridge } from "../workspaces/bridge";
import { processSingleton } from "../workspaces/shared";

// Process-wide: Next's route bundles and the custom server must share one client per workspace.
const clients = processSingleton("agent-bridges", () => new Map<string, Promise<BridgeClient>>());

export async function agentBridge(workspaceId: string): Promise<BridgeClient> {
  const cached = clients.get(workspaceId);
  if (cached) {
    const client = await cached.catch(() => null);
    if (client?.connected) return client;
    client?.close();
    clients.delete(workspaceId);
  }
  const fresh = connectWorkspaceBridge(workspaceId);
  clients.set(workspaceId, fresh);
  fresh.catch(() => clients.delete(workspaceId));
  return fresh;
}

/** Closes a workspace's client (on stop/delete; the next call reconnects). */
export function dropAgentBridge(workspaceId: string): void {
  const cached = clients.get(workspaceId);
  clients.delete(workspaceId);
  void cached?.then((c: BridgeClient) => c.close()).catch(() => undefined);
}
