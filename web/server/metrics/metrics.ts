// Prometheus metrics. One registry per process (a process slot): the start pipeline runs inside Next's
// route bundle, /metrics is answered by the custom server, and both must see the same counters.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { WORKSPACE_STATUSES } from "../../contract/workspaces";
import { countByStatus } from "../db/workspaces";
import { logger } from "../log/log";
import { processSlot } from "../process-state";

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "kalpana_process_" });
  const workspaces = new Gauge({
    name: "kalpana_workspaces",
    help: "Workspaces by status (read from the database on each scrape)",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      const counts = await countByStatus();
      for (const s of WORKSPACE_STATUSES) this.set({ status: s }, counts.get(s) ?? 0);
    },
  });
  return {
    registry,
    workspaces,
    startPhase: new Histogram({
      name: "kalpana_workspace_start_phase_seconds",
      help: "Duration of each workspace start phase; phase=total is the whole start",
      labelNames: ["phase", "outcome"],
      buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800],
      registers: [registry],
    }),
    toolCall: new Histogram({
      name: "kalpana_agent_tool_call_seconds",
      help: "Agent tool call latency by tool and outcome",
      labelNames: ["tool", "outcome"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
      registers: [registry],
    }),
    bridgeErrors: new Counter({
      name: "kalpana_bridge_errors_total",
      help: "Failures reaching a workspace bridge (connect, proxy, start)",
      labelNames: ["kind"],
      registers: [registry],
    }),
    http: new Histogram({
      name: "kalpana_http_request_duration_seconds",
      help: "HTTP request duration by route group and status",
      labelNames: ["route", "method", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

export const metrics = processSlot("metrics", createMetrics);
const toolLog = () => logger("agent");

export type BridgeErrorKind = "connect" | "proxy" | "start";

export function countBridgeError(kind: BridgeErrorKind): void {
  metrics.bridgeErrors.inc({ kind });
}

/** One agent tool call: its latency in the histogram, and a debug line (tools/run.ts calls this). */
export function observeToolCall(tool: string, outcome: string, durationMs: number): void {
  metrics.toolCall.observe({ tool, outcome }, durationMs / 1000);
  toolLog().debug({ tool, outcome, ms: durationMs }, "tool call");
}
