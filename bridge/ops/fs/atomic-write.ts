import { randomBytes } from "node:crypto";
import path from "node:path";
import type { OpContext } from "../context";

/**
 * Write to a temp file in the SAME folder, then rename over the target: readers (the IDE, a
 * running dev server) see either the old or the new content, never half a file. The temp file
 * keeps the old file's mode so an executable script stays executable.
 */
export async function atomicWrite(ctx: Pick<OpContext, "fs">, abs: string, data: Buffer): Promise<void> {
  const dir = path.dirname(abs);
  const tmp = path.join(
    dir,
    `.${path.basename(abs).slice(0, 200)}.kalpana-${randomBytes(6).toString("hex")}.tmp`,
  );
  let mode = 0o644;
  try {
    mode = (await ctx.fs.stat(abs)).mode & 0o7777;
  } catch {
    // new file: default mode
  }
  try {
    await ctx.fs.writeFile(tmp, data, { mode, flag: "wx" });
    await ctx.fs.rename(tmp, abs);
  } catch (e) {
    await ctx.fs.rm(tmp, { force: true }).catch(() => {});
    throw e;
  }
}
