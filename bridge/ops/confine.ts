import { lstatSync, readlinkSync } from "node:fs";
import type * as nodeFs from "node:fs/promises";
import path from "node:path";
import { BridgeError, errnoOf } from "./errors";

const MAX_PATH = 4096;
const MAX_NAME_BYTES = 255;
// Same limit as Linux (MAXSYMLINKS): deep enough for real trees, stops loops.
// lstat/readlink are answered from the kernel's dentry cache in microseconds; the sync calls
// skip a thread-pool round trip per path component, which dominated small-op latency.
const localFs = {
  lstat: async (p: string) => lstatSync(p),
  readlink: async (p: string) => readlinkSync(p),
} as unknown as Pick<typeof nodeFs, "lstat" | "readlink">;
const MAX_SYMLINKS = 40;

export interface ResolveOptions {
  /** The caller will create or modify the target: refuse the root itself. */
  forWrite?: boolean;
  /** Resolve the parent but keep the last component as is (delete/move act on a link, not its target). */
  followFinal?: boolean;
  fs?: Pick<typeof nodeFs, "lstat" | "readlink">;
}

export interface Resolved {
  /** Absolute real path (symlinks followed), inside the root. */
  abs: string;
  /** Same path relative to the root, "." for the root. */
  rel: string;
}

function inside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith("/") ? root : `${root}/`);
}

/**
 * The ONE gate between a caller's path and the filesystem. Walks the path component by
 * component like the kernel does, following every symlink that exists (so a link anywhere
 * in the chain, or a `..` after one, is judged by where it really points), then refuses
 * anything whose real location is outside `root`. `root` must already be a realpath.
 * Missing trailing components are fine (writes create them); they cannot hide a link.
 */
export async function resolveInWorkspace(
  root: string,
  input: string,
  opts: ResolveOptions = {},
): Promise<Resolved> {
  const fs = opts.fs ?? localFs;
  if (typeof input !== "string") throw new BridgeError("EINVAL", "path must be a string");
  if (input.includes("\0")) throw new BridgeError("EINVAL", "path contains a NUL byte");
  if (input.length > MAX_PATH) throw new BridgeError("EINVAL", `path is longer than ${MAX_PATH} characters`);
  const parts = (input === "" ? "." : input).split("/");
  if (parts.some((p) => Buffer.byteLength(p) > MAX_NAME_BYTES)) {
    throw new BridgeError("EINVAL", `a path component is longer than ${MAX_NAME_BYTES} bytes`);
  }
  const followFinal = opts.followFinal ?? true;
  let current = input.startsWith("/") ? "/" : root;
  const pending = parts.filter((p) => p !== "" && p !== ".");
  let last: string | undefined;
  if (!followFinal) {
    const tail = pending[pending.length - 1];
    if (tail !== undefined && tail !== "..") last = pending.pop();
  }
  let links = 0;
  // How many trailing components of `current` do not exist. Everything above them is a real
  // path (no links left); a missing name cannot be a link, but a `..` that climbs back out of
  // the missing part lands on real folders again, whose children must be lstat'ed once more
  // (`missing/../link-to-outside/x` is the escape this counter closes).
  let missing = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === ".") continue;
    if (part === "..") {
      current = path.dirname(current);
      if (missing > 0) missing--;
      continue;
    }
    const candidate = path.join(current, part);
    if (missing > 0) {
      current = candidate;
      missing++;
      continue;
    }
    let st: Awaited<ReturnType<typeof fs.lstat>>;
    try {
      st = await fs.lstat(candidate);
    } catch (e) {
      const code = errnoOf(e);
      if (code !== "ENOENT" && code !== "ENOTDIR") throw e;
      missing = 1;
      current = candidate;
      continue;
    }
    if (!st.isSymbolicLink()) {
      current = candidate;
      continue;
    }
    if (++links > MAX_SYMLINKS) throw new BridgeError("EINVAL", "too many levels of symbolic links");
    const target = await fs.readlink(candidate);
    if (target.startsWith("/")) current = "/";
    pending.unshift(...target.split("/").filter((p) => p !== "" && p !== "."));
  }
  // A kept-as-is final name (delete/move of a link) sits in a folder that must itself be real.
  if (last !== undefined) current = path.join(current, last);
  if (!inside(root, current)) throw new BridgeError("EOUTSIDE", `${input} is outside the workspace`);
  if (opts.forWrite && current === root) {
    throw new BridgeError("EINVAL", "refusing to replace, move or delete the workspace root itself");
  }
  return { abs: current, rel: path.relative(root, current) || "." };
}
