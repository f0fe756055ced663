import path from "node:path";
import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import type { CpRun } from "./store";

export interface Caps {
  maxFiles: number;
  maxBytes: number;
}
export const DEFAULT_CAPS: Caps = { maxFiles: 50_000, maxBytes: 512 * 1024 ** 2 };

const mib = (n: number) => `${Math.round(n / 1024 ** 2)} MiB`;

/**
 * Stages the work tree as it is now (tracked or not, .gitignore honoured) into the store's own
 * index and writes it as a tree. The cap is checked on the file list BEFORE anything is hashed,
 * so a huge workspace is refused in the time it takes to list it.
 */
export async function captureTree(
  ctx: OpContext,
  cp: CpRun,
  caps: Caps,
): Promise<{ tree: string; files: number; bytes: number }> {
  // Sizes of files already in the store's index come from its stat data (no walk, no reads);
  // only files new to it are listed by a walk and lstat'ed.
  const [cached, others] = await Promise.all([
    cp(["ls-files", "--cached", "--debug"], { maxBytes: 512 * 1024 * 1024 }),
    cp(["ls-files", "-z", "--others", "--exclude-standard"], { maxBytes: 256 * 1024 * 1024 }),
  ]);
  const fresh = others.stdout.split("\0").filter(Boolean);
  const known = cached.stdout.split("\n").filter((l) => l && !l.startsWith(" ")).length;
  const files = known + fresh.length;
  if (files > caps.maxFiles) {
    throw new BridgeError(
      "ETOOLARGE",
      `the workspace has more than ${caps.maxFiles} files that are not ignored (${files}): too large for a checkpoint. Add build output and dependencies to .gitignore.`,
    );
  }
  let bytes = 0;
  for (const m of cached.stdout.matchAll(/^ {2}size: (\d+)/gm)) bytes += Number(m[1]);
  const tooBig = () =>
    new BridgeError(
      "ETOOLARGE",
      `the workspace's files that are not ignored are over ${mib(caps.maxBytes)}: too large for a checkpoint. Add large files to .gitignore.`,
    );
  if (bytes > caps.maxBytes) throw tooBig();
  for (let i = 0; i < fresh.length; i += 256) {
    const sizes = await Promise.all(
      fresh.slice(i, i + 256).map((n) =>
        ctx.fs.lstat(path.join(ctx.root, n)).then(
          (s) => (s.isFile() ? s.size : 0),
          () => 0,
        ),
      ),
    );
    for (const s of sizes) bytes += s;
    if (bytes > caps.maxBytes) throw tooBig();
  }
  await cp(["add", "-A", "--ignore-errors", "--", "."]);
  const tree = (await cp(["write-tree"])).stdout.trim();
  return { tree, files, bytes };
}
