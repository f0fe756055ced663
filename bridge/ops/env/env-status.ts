import path from "node:path";
import { EnvStatus, MAX_ENV_MESSAGE, type ParsedParams, type Result } from "../../protocol/index";
import type { OpContext } from "../context";

/** Where kalpana-env writes (images/constants.ts WORKSPACE_PATHS), unless the context says otherwise. */
export const DEFAULT_ENV_DIR = "/home/coder/.kalpana";

export async function readEnvStatus(ctx: OpContext, file: string): Promise<EnvStatus | null> {
  const text = await ctx.fs.readFile(file, "utf8").catch(() => "");
  try {
    const raw = JSON.parse(text) as { message?: unknown };
    // An overlong message is cut, not a reason to lose the whole status.
    if (typeof raw?.message === "string") raw.message = raw.message.slice(0, MAX_ENV_MESSAGE);
    const parsed = EnvStatus.safeParse(raw);
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // not written yet
  }
}

/** Up to `max` bytes of the log from `offset`; a cut chunk ends at its last newline. */
async function readLog(
  ctx: OpContext,
  file: string,
  offset: number,
  max: number,
): Promise<{ log: string; next: number }> {
  const fh = await ctx.fs.open(file, "r").catch(() => null);
  if (!fh) return { log: "", next: offset };
  try {
    const buf = Buffer.alloc(max);
    const { bytesRead } = await fh.read(buf, 0, max, offset);
    let n = bytesRead;
    if (n === max) {
      const nl = buf.subarray(0, n).lastIndexOf(0x0a);
      if (nl >= 0) n = nl + 1;
    }
    return { log: buf.subarray(0, n).toString("utf8"), next: offset + n };
  } finally {
    await fh.close();
  }
}

/** The Nix environment's status file and the log text the caller has not seen yet. */
export async function envStatus(
  ctx: OpContext,
  p: ParsedParams<"env:status">,
): Promise<Result<"env:status">> {
  const dir = ctx.envDir ?? DEFAULT_ENV_DIR;
  const [status, log] = await Promise.all([
    readEnvStatus(ctx, path.join(dir, "env-status.json")),
    readLog(ctx, path.join(dir, "env.log"), p.logOffset, p.maxLogBytes),
  ]);
  return { status, log: log.log, logOffset: log.next };
}
