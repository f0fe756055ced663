// Connecting the control plane to a workspace's bridge: the secret is decrypted only here, for the
// connection, and never logged. The agent's tools use connectWorkspaceBridge() too.
import { type BridgeClient, connectBridge } from "@kalpana/bridge/client";
import { decryptSecret } from "../crypto";
import { db } from "../db/client";
import { AppError } from "../errors";
import { runtime } from "../runtime/index";

export function bridgeUrl(host: string, port: number): string {
  return `http://${host}:${port}`;
}

/** A connected bridge client for a RUNNING workspace (the caller closes it). */
export async function connectWorkspaceBridge(workspaceId: string): Promise<BridgeClient> {
  const w = await db().workspace.findUnique({ where: { id: workspaceId }, select: { bridgeSecret: true } });
  if (!w) throw new AppError("not_found", "Workspace not found");
  const ep = await runtime().endpoint(workspaceId);
  if (!ep) throw new AppError("unavailable", "The workspace is not running");
  try {
    return await connectBridge(bridgeUrl(ep.host, ep.bridgePort), decryptSecret(w.bridgeSecret));
  } catch (err) {
    console.error(`[workspaces] bridge of ${workspaceId} unreachable:`, (err as Error).message);
    throw new AppError("unavailable", "The workspace's bridge is not reachable");
  }
}
