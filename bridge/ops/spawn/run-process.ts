import type { ChildProcess } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import type { OpContext } from "../context";
import { terminateGroup, waitForExit } from "./process-group";

/** Why the runner (not the process itself) ended a run. */
export type StopReason = "timeout" | "cancel" | "capped";

export interface ProcessSpec {
  file: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  stdin?: string;
  timeoutMs: number;
  /** On stop, SIGTERM the group and SIGKILL it after this long; 0 = SIGKILL at once. */
  graceMs: number;
  /**
   * Kill whatever the leader left running in its group when it exits by itself. User commands
   * may start daemons on purpose (`npm run dev &`); git and ripgrep never should.
   */
  killLeftovers: boolean;
  /** Decoded UTF-8 text (a character split across reads is not mangled). */
  onOutput?: (stream: "stdout" | "stderr", text: string) => void;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stopped?: StopReason;
}

export interface RunningProcess {
  child: ChildProcess;
  /** Ends the run: the whole process group is terminated. The first reason wins. */
  stop: (why: StopReason) => void;
  /** Settles once the leader exited and its pipes drained; rejects on a spawn failure. */
  exit: Promise<ProcessExit>;
}

/**
 * The one way an op runs a child: the leader of a NEW process group (detached), so timeout,
 * cancel (the connection's abort signal, or `stop`) and an output cap end everything it started
 * (hooks, pipes, grandchildren), never just the leader. `ctx.spawn` may throw synchronously.
 */
export function runProcess(ctx: Pick<OpContext, "spawn" | "signal">, s: ProcessSpec): RunningProcess {
  const child = ctx.spawn(s.file, s.args, {
    cwd: s.cwd,
    env: s.env,
    detached: true,
    stdio: [s.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  for (const stream of ["stdout", "stderr"] as const) {
    const decoder = new StringDecoder("utf8");
    child[stream]!.on("data", (b: Buffer) => s.onOutput?.(stream, decoder.write(b)));
    child[stream]!.on("end", () => {
      const rest = decoder.end();
      if (rest) s.onOutput?.(stream, rest);
    });
  }
  if (s.stdin !== undefined) {
    child.stdin!.on("error", () => {}); // the child may exit without reading its input
    child.stdin!.end(s.stdin);
  }
  let stopped: StopReason | undefined;
  const stop = (why: StopReason) => {
    if (stopped) return;
    stopped = why;
    terminateGroup(child, s.graceMs);
  };
  const timer = setTimeout(() => stop("timeout"), s.timeoutMs);
  const onAbort = () => stop("cancel");
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  if (ctx.signal.aborted) onAbort();
  const exit = waitForExit(child)
    .then(({ code, signal }) => ({ code, signal, stopped }))
    .finally(() => {
      clearTimeout(timer);
      ctx.signal.removeEventListener("abort", onAbort);
      if (s.killLeftovers && !stopped) terminateGroup(child, 0);
    });
  return { child, stop, exit };
}
