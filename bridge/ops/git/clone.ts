import { randomBytes } from "node:crypto";
import path from "node:path";
import type { ParsedParams, Result } from "../../protocol/index";
import { resolveInWorkspace } from "../confine";
import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import { cloneArgs } from "./args";
import { originOf } from "./credential-target";
import { progressReader } from "./progress";
import { head } from "./repo";
import { runGit } from "./run-git";

// Kalpana's own folder (the workspace's Nix env flake) may already sit in the root.
const KALPANA_DIR = ".kalpana";

/**
 * Clone into the root or a subfolder that is missing, empty or holds only `.kalpana/`,
 * streaming `git:progress` events to the caller. Credentials live only in this git child's env.
 */
export async function gitClone(
  ctx: OpContext,
  p: ParsedParams<"git:clone">,
  opId: string,
): Promise<Result<"git:clone">> {
  const dest = await resolveInWorkspace(ctx.root, p.path);
  const existing = await ctx.fs.readdir(dest.abs).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [] as string[];
    if (e.code === "ENOTDIR") throw new BridgeError("EEXIST", `${dest.rel} exists and is not a folder`);
    throw e;
  });
  if (existing.some((n) => n !== KALPANA_DIR)) {
    throw new BridgeError("ENOTEMPTY", `${dest.rel} is not empty; clone into an empty folder`);
  }
  // git refuses a non-empty destination: clone beside .kalpana/, then move the checkout up.
  const staging =
    existing.length > 0 ? path.join(dest.abs, `.kalpana-clone-${randomBytes(4).toString("hex")}`) : undefined;
  const onStderr = progressReader((pr) => ctx.emit("git:progress", { opId, ...pr }));
  try {
    await runGit(ctx, cloneArgs(p, staging ?? dest.abs), {
      cwd: ctx.root,
      creds: p.credentials && { ...p.credentials, origin: originOf(p.url) },
      timeoutMs: p.timeoutMs,
      onStderr,
    });
    if (staging) {
      for (const name of await ctx.fs.readdir(staging)) {
        await ctx.fs.rename(path.join(staging, name), path.join(dest.abs, name));
      }
    }
  } finally {
    if (staging) await ctx.fs.rm(staging, { recursive: true, force: true });
  }
  ctx.emit("git:progress", { opId, phase: "done", percent: 100, overall: 100 });
  return { path: dest.rel, ...(await head(ctx, dest.abs)) };
}
