// The ports listening inside a workspace (through its bridge), for the preview list.

import type { PortView } from "../../contract/workspaces";
import { AppError } from "../errors";
import { logger } from "../log/log";
import { sharedBridge } from "./bridge";
import { getOwned } from "./store";

const log = logger("workspaces");

export async function listWorkspacePorts(userId: string, id: string): Promise<PortView[]> {
  const w = await getOwned(userId, id);
  if (w.status !== "RUNNING") return [];
  const bridge = await sharedBridge(id);
  const { ports } = await bridge.ports.list({}).catch((err) => {
    log.error({ workspaceId: id, err: (err as Error).message }, "could not list ports");
    throw new AppError("unavailable", "Could not list the workspace's ports. Try again in a moment.");
  });
  return ports.map((p) => ({ ...p, url: `/w/${id}/preview/${p.port}` }));
}
