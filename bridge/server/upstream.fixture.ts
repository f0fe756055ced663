import { mkdtemp, realpath } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BridgeProcess, startBridgeProcess } from "./bridge.fixture";

/** A real bridge process whose code-server socket is served by `ide` (a stand-in HTTP server). */
export async function startBridgeProcessIn(ide: Server): Promise<{ bridge: BridgeProcess; ide: Server }> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), "kalpana-ide-sock-")));
  const socket = path.join(dir, "ide.sock");
  await new Promise<void>((resolve) => ide.listen(socket, resolve));
  const bridge = await startBridgeProcess({ KALPANA_IDE_SOCKET: socket });
  return { bridge, ide };
}
