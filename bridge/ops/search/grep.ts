import type { ParsedParams, Result } from "../../protocol/index";
import { resolveInWorkspace } from "../confine";
import type { OpContext } from "../context";
import { OpError } from "../errors";
import { fsStep } from "../fs/classify";
import { classifySearchError } from "./classify";
import { RgParser } from "./parse-rg";
import { rgArgs } from "./rg-args";

const SEARCH_TIMEOUT_MS = 30_000;

/** ripgrep from the root with a relative path, so reported paths are workspace-relative. */
export async function grep(ctx: OpContext, p: ParsedParams<"search:grep">): Promise<Result<"search:grep">> {
  const { abs, rel } = await resolveInWorkspace(ctx.root, p.path);
  // rg would wait forever on a FIFO named directly (it skips them inside folders).
  const st = await fsStep(rel, () => ctx.fs.stat(abs));
  if (!st.isDirectory() && !st.isFile()) throw new OpError("EINVAL", `${rel} is not a file or folder`);
  // Globs only filter what rg finds below `rel` (rg never follows links: no --follow), so they
  // cannot reach outside; a `..` in one is still refused so nobody believes otherwise.
  for (const g of [...p.include, ...p.exclude]) {
    if (g.split("/").includes("..")) throw new OpError("EINVAL", `glob ${g}: ".." is not allowed`);
  }
  const child = ctx.spawn(ctx.rgPath, rgArgs(p, rel), { cwd: ctx.root, stdio: ["ignore", "pipe", "pipe"] });
  const parser = new RgParser(p.contextLines, (path) => path.replace(/^\.\//, ""));
  let truncated = false;
  let stderr = "";
  let partial = "";
  const timer = setTimeout(() => child.kill("SIGKILL"), SEARCH_TIMEOUT_MS);
  const onAbort = () => child.kill("SIGKILL");
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    if (truncated) return;
    const lines = (partial + chunk).split("\n");
    partial = lines.pop()!;
    for (const line of lines) {
      parser.push(line);
      // One past the cap tells us there is more; the extra match is dropped below.
      if (parser.matches.length > p.maxResults) {
        truncated = true;
        child.kill("SIGKILL");
        break;
      }
    }
  });
  child.stderr!.on("data", (c: Buffer) => {
    if (stderr.length < 64 * 1024) stderr += c.toString("utf8");
  });
  try {
    const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>(
      (resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code, signal) => resolve({ code, signal }));
      },
    );
    if (!truncated && partial) parser.push(partial);
    if (signal === "SIGKILL" && !truncated) {
      throw new OpError(
        ctx.signal.aborted ? "ECANCELLED" : "ETIMEOUT",
        "search took too long; narrow the path or pattern",
      );
    }
    if (!truncated && code === 2 && parser.matches.length === 0) throw classifySearchError(null, stderr);
    return { matches: parser.matches.slice(0, p.maxResults), truncated };
  } catch (e) {
    throw classifySearchError(e, stderr);
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener("abort", onAbort);
  }
}
