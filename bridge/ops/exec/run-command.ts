import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import { KILL_GRACE_MS } from "../spawn/process-group";
import { type RunningProcess, runProcess } from "../spawn/run-process";
import { classifyExecError } from "./classify";
import { OutputCollector } from "./output-collector";
import { clampTimeout, resolveCwd } from "./prepare";
import { shellEnv, shellSpawnArgs } from "./shell";

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
  if (ctx.execs.has(execId)) throw new BridgeError("EBUSY", `exec ${execId} is already running`);
  const cwd = await resolveCwd(ctx, p.cwd);
  const env = await shellEnv(ctx, p.env);
  const started = performance.now();
  const out = new OutputCollector(p.maxOutputBytes, (c, seq) =>
    ctx.emit("exec:chunk", { execId, seq, ...c }),
  );
  const [file, args] = shellSpawnArgs(p.command);
  let run: RunningProcess;
  try {
    run = runProcess(ctx, {
      file,
      args,
      cwd,
      env,
      stdin: p.stdin,
      timeoutMs: clampTimeout(ctx, p.timeoutMs),
      graceMs: KILL_GRACE_MS,
      killLeftovers: false,
      onOutput: (stream, text) => out.push(stream, text),
    });
  } catch (e) {
    throw classifyExecError(e);
  }
  ctx.execs.set(execId, () => run.stop("cancel"));
  try {
    const { code, signal, stopped } = await run.exit;
    return {
      execId,
      pid: run.child.pid ?? -1,
      exitCode: stopped ? null : code,
      signal,
      timedOut: stopped === "timeout",
      cancelled: stopped === "cancel",
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      output: out.chunks,
      truncated: out.truncated,
      lastSeq: out.lastSeq,
    };
  } catch (e) {
    throw classifyExecError(e);
  } finally {
    ctx.execs.delete(execId);
  }
}
