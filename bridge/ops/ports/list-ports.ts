import type { ListeningPort, ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { parseProcNet } from "./parse-proc-net";

/** TCP ports listening in the container (its own network namespace), minus the bridge's own. */
export async function listPorts(
  ctx: OpContext,
  _params: ParsedParams<"ports:list">,
): Promise<Result<"ports:list">> {
  const byPort = new Map<number, ListeningPort>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const text = await ctx.fs.readFile(file, "utf8").catch(() => "");
    for (const p of parseProcNet(text)) if (!byPort.has(p.port)) byPort.set(p.port, p);
  }
  if (ctx.bridgePort) byPort.delete(ctx.bridgePort);
  return { ports: [...byPort.values()].sort((a, b) => a.port - b.port).slice(0, 1024) };
}
