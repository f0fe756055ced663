import { closeSync, constants, fstatSync, openSync, type Stats } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import type { OpContext } from "../context";
import { BridgeError } from "../errors";

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever (and a sync
// open would freeze the whole bridge). O_NOFOLLOW: `abs` comes from resolveInWorkspace with its
// links already followed, so a link in the final place now was swapped in since: refuse it.
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;

/** Only regular files may be read or edited; folders, FIFOs, sockets and devices are refused. */
export function assertRegular(st: Stats, rel: string): void {
  if (st.isDirectory()) throw new BridgeError("EISDIR", `${rel} is a folder`);
  if (!st.isFile()) throw new BridgeError("EINVAL", `${rel} is not a regular file (FIFO, socket or device)`);
}

/** Open for reading without ever blocking, then check what was opened (fstat, not a second lookup). */
export async function openRegular(
  ctx: Pick<OpContext, "fs">,
  abs: string,
  rel: string,
): Promise<{ fh: FileHandle; st: Stats }> {
  const fh = await ctx.fs.open(abs, READ_FLAGS);
  try {
    const st = await fh.stat();
    assertRegular(st, rel);
    return { fh, st };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** Sync variant for the small-file fast path; same checks. */
export function openRegularSync(abs: string, rel: string): { fd: number; st: Stats } {
  const fd = openSync(abs, READ_FLAGS);
  try {
    const st = fstatSync(fd);
    assertRegular(st, rel);
    return { fd, st };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}
