import path from "node:path";
import type { OpContext } from "../context";
import { OpError } from "../errors";
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
  const list = await cp(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    maxBytes: 256 * 1024 * 1024,
  });
  const names = [...new Set(list.stdout.split("\0").filter(Boolean))];
  if (names.length > caps.maxFiles) {
    throw new OpError(
      "ETOOLARGE",
      `the workspace has more than ${caps.maxFiles} files that are not ignored (${names.length}): too large for a checkpoint. Add build output and dependencies to .gitignore.`,
    );
  }
  let bytes = 0;
  for (let i = 0; i < names.length; i += 256) {
    const sizes = await Promise.all(
      names.slice(i, i + 256).map((n) =>
        ctx.fs.lstat(path.join(ctx.root, n)).then(
          (s) => (s.isFile() ? s.size : 0),
          () => 0,
        ),
      ),
    );
    for (const s of sizes) bytes += s;
    if (bytes > caps.maxBytes) {
      throw new OpError(
        "ETOOLARGE",
        `the workspace's files that are not ignored are over ${mib(caps.maxBytes)}: too large for a checkpoint. Add large files to .gitignore.`,
      );
    }
  }
  await cp(["add", "-A", "--ignore-errors", "--", "."]);
  const tree = (await cp(["write-tree"])).stdout.trim();
  return { tree, files: names.length, bytes };
}
