// env:vars: the control plane hands over the person's variables and secrets (at start, and again on
// every edit) and this writes the file env-loader.sh sources. It sits on a tmpfs (the container is
// created with one at /run/kalpana, see web/server/runtime/docker/container-spec.ts) so a secret never
// reaches a disk, and it is replaced by a rename so a shell starting meanwhile reads the old file or
// the new one, never half of one. The first line is a marker of the content: the loader re-reads the
// file only when it changed, so `FOO=x ./script` keeps its x in the script's own bash.
import { createHash } from "node:crypto";
import path from "node:path";
import { BridgeError, type EnvVarEntry, type ParsedParams, type Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { shellQuote } from "./shell-quote";

export const DEFAULT_VARS_FILE = "/run/kalpana/env-vars.sh";
export const VARS_MARKER_PREFIX = "# kalpana-vars ";

/** The file's text: names are checked by the protocol (POSIX names), values single-quoted. */
export function formatEnvVars(vars: EnvVarEntry[]): string {
  const body = [
    ...vars.map((v) => `export ${v.name}=${shellQuote(v.value)}`),
    // What to unset when the next version of the file no longer has a name (env-loader.sh).
    `export KALPANA_VAR_NAMES=${shellQuote(vars.map((v) => v.name).join(" "))}`,
  ].join("\n");
  const marker = createHash("sha256").update(body).digest("hex").slice(0, 32);
  return `${VARS_MARKER_PREFIX}${marker}\n${body}\n`;
}

/** True when `dir` is itself a tmpfs mount point (/proc/self/mountinfo: mount point is field 5). */
export async function isTmpfsMount(ctx: OpContext, dir: string): Promise<boolean> {
  const info = await ctx.fs.readFile("/proc/self/mountinfo", "utf8").catch(() => "");
  return info.split("\n").some((line) => {
    const [left, right] = line.split(" - ");
    return left?.split(" ")[4] === dir && right?.split(" ")[0] === "tmpfs";
  });
}

export async function writeEnvVars(ctx: OpContext, p: ParsedParams<"env:vars">): Promise<Result<"env:vars">> {
  const file = ctx.varsFile ?? DEFAULT_VARS_FILE;
  // The container's tmpfs or nothing: in a container created without it (an older version) the
  // folder would be on the container's disk layer, and secrets must never be written to a disk.
  // Tests name their own file (in a temporary folder they create) and skip this.
  if (ctx.varsFile === undefined && !(await isTmpfsMount(ctx, path.dirname(file))))
    throw new BridgeError("EINVAL", `${path.dirname(file)} is not a private tmpfs in this container`);
  if (ctx.varsFile !== undefined) await ctx.fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    // 0600 from the first byte (the bridge is the workspace user, uid 1000): no window where another
    // user could open it, and `wx` refuses a file or symlink planted under the temporary name.
    await ctx.fs.writeFile(tmp, formatEnvVars(p.vars), { mode: 0o600, flag: "wx" });
    await ctx.fs.rename(tmp, file);
  } catch (err) {
    await ctx.fs.rm(tmp, { force: true });
    throw err;
  }
  return { count: p.vars.length };
}
