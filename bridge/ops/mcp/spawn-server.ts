import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { classifyExecError } from "../exec/classify";
import { resolveCwd } from "../exec/prepare";
import { shellEnv } from "../exec/shell";

/** argv for a server: `exec` keeps the server itself the group leader; pure so tests can check it. */
export function serverSpawnArgs(command: string, args: readonly string[]): [string, string[]] {
  // Through bash (not a shell string) so the cached Nix environment ($BASH_ENV) applies, while
  // the command and its arguments stay separate words: nothing in them is parsed as shell.
  return ["bash", ["-c", 'exec "$@"', "mcp-server", command, ...args]];
}

export async function spawnMcpServer(
  ctx: OpContext,
  p: ParsedParams<"mcp:spawn">,
): Promise<Result<"mcp:spawn">> {
  const cwd = await resolveCwd(ctx, p.cwd);
  const env = await shellEnv(ctx, p.env);
  ctx.mcp.assertRoom(); // after the last await: nothing can take the room before add()
  const [file, args] = serverSpawnArgs(p.command, p.args);
  let child: ReturnType<OpContext["spawn"]>;
  try {
    child = ctx.spawn(file, args, {
      cwd,
      env,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
  } catch (e) {
    throw classifyExecError(e);
  }
  const sessionId = ctx.mcp.add(child);
  return { sessionId, pid: child.pid ?? -1 };
}
