// The one place tool failures are turned into something the model can read ({ error }) and every
// call leaves an audit record. A crashed tool would end the whole answer; a readable error lets
// the model correct itself (wrong path, non-unique edit, ...).
import { BridgeError } from "@kalpana/bridge/client";
import { logger } from "../../log/log";
import { observeToolCall } from "../../metrics/metrics";
import { summarizeArgs } from "../redact";
import type { AuditRecord, ToolContext } from "./context";

const log = logger("agent");

export type ToolError = { error: string };

const HINTS: Partial<Record<string, string>> = {
  ENOENT: "not found",
  EOUTSIDE: "path is outside /workspace",
  ETOOLARGE: "too large; read a line range instead",
  EUNAVAILABLE: "the workspace is not reachable (stopped or restarting); ask the person to start it",
  ETIMEOUT: "timed out",
};

export function describeError(e: unknown): string {
  if (e instanceof BridgeError) {
    const hint = HINTS[e.code];
    return hint && !e.message.includes(hint)
      ? `${e.code}: ${e.message} (${hint})`
      : `${e.code}: ${e.message}`;
  }
  if (e instanceof Error && e.name === "AbortError") return "cancelled";
  log.error({ err: e }, "tool failed");
  return "the tool failed unexpectedly";
}

function record(
  ctx: ToolContext,
  tool: string,
  args: unknown,
  started: number,
  r: Partial<AuditRecord>,
): void {
  const durationMs = Math.round(performance.now() - started);
  ctx.audit({
    tool,
    summary: summarizeArgs(args),
    outcome: r.outcome ?? "ok",
    detail: r.detail,
    durationMs,
  });
  observeToolCall(tool, r.outcome ?? "ok", durationMs);
}

/** Runs one tool call: times it, audits it, and returns failures as { error }. */
export async function runTool<T>(
  ctx: ToolContext,
  tool: string,
  args: unknown,
  fn: () => Promise<T>,
): Promise<T | ToolError> {
  const started = performance.now();
  try {
    const out = await fn();
    const failed = out && typeof out === "object" && "error" in out;
    record(
      ctx,
      tool,
      args,
      started,
      failed ? { outcome: "error", detail: String((out as ToolError).error) } : {},
    );
    return out;
  } catch (e) {
    const error = describeError(e);
    record(ctx, tool, args, started, {
      outcome: error === "cancelled" ? "cancelled" : "error",
      detail: error,
    });
    return { error };
  }
}

/** Streaming variant: yields progress (shown live in the UI); the last value is the model's result. */
export async function* runStreamingTool<T>(
  ctx: ToolContext,
  tool: string,
  args: unknown,
  fn: () => AsyncGenerator<T, T>,
  outcomeOf: (final: T) => Partial<AuditRecord> = () => ({}),
): AsyncGenerator<T | ToolError> {
  const started = performance.now();
  let recorded = false;
  const once = (r: Partial<AuditRecord>) => {
    if (!recorded) record(ctx, tool, args, started, r);
    recorded = true;
  };
  const it = fn();
  try {
    for (;;) {
      const step = await it.next();
      if (step.done) {
        once(outcomeOf(step.value));
        yield step.value;
        return;
      }
      yield step.value;
    }
  } catch (e) {
    const error = describeError(e);
    once({ outcome: error === "cancelled" ? "cancelled" : "error", detail: error });
    yield { error };
  } finally {
    // Reached without a result when the consumer stopped iterating (the answer was stopped):
    // close the inner generator so its own cleanup runs, and audit the call as cancelled.
    if (!recorded) {
      once({ outcome: "cancelled", detail: "stopped" });
      await it.return(undefined as T).catch(() => {});
    }
  }
}
