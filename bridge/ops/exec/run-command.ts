import { StringDecoder } from "node:string_decoder";
import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { OpError } from "../errors";
import { classifyExecError } from "./classify";
import { OutputCollector } from "./output-collector";
import { clampTimeout, resolveCwd } from "./prepare";
import { spawnShell, terminateGroup, waitForExit } from "./process-group";

/**
 * Foreground command: output streamed as ordered `exec:chunk` events and returned in full
 * (up to the cap). Timeout, `exec:cancel` and a client disconnect all end it the same way:
 * the whole process group is terminated and the reply says why (timedOut / cancelled).
 */
export async function runCommand(
  ctx: OpContext,
  p: ParsedParams<"exec:run">,
  execId: string,
): Promise<Result<"exec:run">> {
  if (ctx.execs.has(execId)) throw new OpError("EBUSY", `exec ${execId} is already running`);
  const cwd = await resolveCwd(ctx, p.cwd);
  const started = performance.now();
  const out = new OutputCollector(p.maxOutputBytes, (c, seq) =>
    ctx.emit("exec:chunk", { execId, seq, ...c }),
  );
  let child: ReturnType<typeof spawnShell>;
  try {
    child = spawnShell(ctx, p.command, cwd, p.env, p.stdin !== undefined);
  } catch (e) {
    throw classifyExecError(e);
  }
  for (const stream of ["stdout", "stderr"] as const) {
    // One decoder per stream so a UTF-8 character split across reads is not mangled.
    const decoder = new StringDecoder("utf8");
    child[stream]!.on("data", (b: Buffer) => out.push(stream, decoder.write(b)));
    child[stream]!.on("end", () => out.push(stream, decoder.end()));
  }
  if (p.stdin !== undefined) {
    child.stdin!.on("error", () => {}); // the command may exit without reading its input
    child.stdin!.end(p.stdin);
  }
  let ended: "timeout" | "cancel" | undefined;
  const stop = (why: "timeout" | "cancel") => {
    if (ended) return;
    ended = why;
    terminateGroup(child);
  };
  const timer = setTimeout(() => stop("timeout"), clampTimeout(ctx, p.timeoutMs));
  const onAbort = () => stop("cancel");
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  ctx.execs.set(execId, onAbort);
  try {
    const { code, signal } = await waitForExit(child);
    return {
      execId,
      pid: child.pid ?? -1,
      exitCode: ended ? null : code,
      signal,
      timedOut: ended === "timeout",
      cancelled: ended === "cancel",
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      output: out.chunks,
      truncated: out.truncated,
      lastSeq: out.lastSeq,
    };
  } catch (e) {
    throw classifyExecError(e);
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener("abort", onAbort);
    ctx.execs.delete(execId);
  }
}
