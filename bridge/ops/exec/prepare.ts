import { resolveInWorkspace } from "../confine";
import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import { fsStep } from "../fs/classify";

/** Confine and check the working folder before spawning (spawn's own ENOENT is ambiguous). */
export async function resolveCwd(ctx: OpContext, cwd: string): Promise<string> {
  const { abs, rel } = await resolveInWorkspace(ctx.root, cwd);
  const st = await fsStep(rel, () => ctx.fs.stat(abs));
  if (!st.isDirectory()) throw new BridgeError("ENOTDIR", `${rel} is not a folder`);
  return abs;
}

export function clampTimeout(ctx: OpContext, requested: number): number {
  return Math.min(requested, ctx.execMaxTimeoutMs);
}
