import type { ParsedParams, Result } from "../../protocol/index";
import { resolveInWorkspace } from "../confine";
import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import { fsStep } from "../fs/classify";
import { runProcess } from "../spawn/run-process";
import { classifySearchError } from "./classify";
import { RgParser } from "./parse-rg";
import { rgArgs } from "./rg-args";

const SEARCH_TIMEOUT_MS = 30_000;

/** ripgrep from the root with a relative path, so reported paths are workspace-relative. */
export async function grep(ctx: OpContext, p: ParsedParams<"search:grep">): Promise<Result<"search:grep">> {
  const { abs, rel } = await resolveInWorkspace(ctx.root, p.path);
  // rg would wait forever on a FIFO named directly (it skips them inside folders).
  const st = await fsStep(rel, () => ctx.fs.stat(abs));
  if (!st.isDirectory() && !st.isFile()) throw new BridgeError("EINVAL", `${rel} is not a file or folder`);
  // Globs only filter what rg finds below `rel` (rg never follows links: no --follow), so they
  // cannot reach outside; a `..` in one is still refused so nobody believes otherwise.
  for (const g of [...p.include, ...p.exclude]) {
    if (g.split("/").includes("..")) throw new BridgeError("EINVAL", `glob ${g}: ".." is not allowed`);
  }
  const parser = new RgParser(p.contextLines, (path) => path.replace(/^\.\//, ""));
  let stderr = "";
  let partial = "";
  let capped = false;
  const run = runProcess(ctx, {
    file: ctx.rgPath,
    args: rgArgs(p, rel),
    cwd: ctx.root,
    timeoutMs: SEARCH_TIMEOUT_MS,
    graceMs: 0,
    killLeftovers: true,
    onOutput: (stream, text) => {
      if (stream === "stderr") {
        if (stderr.length < 64 * 1024) stderr += text;
        return;
      }
      if (capped) return;
      const lines = (partial + text).split("\n");
      partial = lines.pop()!;
      for (const line of lines) {
        parser.push(line);
        // One past the cap tells us there is more; the extra match is dropped below.
        if (parser.matches.length > p.maxResults) {
          capped = true;
          run.stop("capped");
          break;
        }
      }
    },
  });
  try {
    const { code, stopped } = await run.exit;
    if (!capped && partial) parser.push(partial);
    if (stopped === "timeout" || stopped === "cancel") {
      throw new BridgeError(
        stopped === "cancel" ? "ECANCELLED" : "ETIMEOUT",
        "search took too long; narrow the path or pattern",
      );
    }
    if (!capped && code === 2 && parser.matches.length === 0) throw classifySearchError(null, stderr);
    return { matches: parser.matches.slice(0, p.maxResults), truncated: capped };
  } catch (e) {
    throw classifySearchError(e, stderr);
  }
}
