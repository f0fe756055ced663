import path from "node:path";
import type { ParsedParams, Result } from "../../protocol/index";
import { resolveInWorkspace } from "../confine";
import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import { atomicWrite } from "./atomic-write";
import { fsStep } from "./classify";
import { assertRegular } from "./open-regular";

/** Per-op cap on top of socket.io's frame limit: one write may not fill the disk by accident. */
export const MAX_WRITE_BYTES = 12 * 1024 * 1024;

export async function writeFile(ctx: OpContext, p: ParsedParams<"fs:write">): Promise<Result<"fs:write">> {
  const { abs, rel } = await resolveInWorkspace(ctx.root, p.path, { forWrite: true });
  const data = Buffer.from(p.content, p.encoding);
  if (data.length > MAX_WRITE_BYTES) {
    throw new BridgeError(
      "ETOOLARGE",
      `content is ${data.length} bytes; one write is limited to ${MAX_WRITE_BYTES}`,
    );
  }
  return fsStep(rel, async () => {
    // lstat: `abs` has its links resolved already. A FIFO, socket or device is never replaced.
    const existing = await ctx.fs.lstat(abs).catch(() => undefined);
    if (existing) assertRegular(existing, rel);
    if (existing && !p.overwrite)
      throw new BridgeError("EEXIST", `${rel} already exists (pass overwrite: true)`);
    if (p.createParents) await ctx.fs.mkdir(path.dirname(abs), { recursive: true });
    await atomicWrite(ctx, abs, data);
    return { path: rel, bytes: data.length };
  });
}
