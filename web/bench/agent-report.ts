// Writes the agent benchmark results: docs/benchmarks/agent.json and the "Agent" section of
// docs/BENCHMARKS.md (replaced in place, other sections untouched).
import { type Metric, publishBenchmark } from "../../scripts/bench/report";

export type { Metric };

const describe: Record<string, string> = {
  tool_roundtrip_p50_ms: "Model's readFile tool call → tool result back at the model, p50 of 50",
  tool_roundtrip_p99_ms: "Same, p99 of 50",
  sdk_baseline_roundtrip_p50_ms: "Baseline: bare streamText + provider, no-op tool, p50 (same rounds)",
  concurrent_10_errors: "Errors across 10 concurrent chats on 10 workspaces",
  concurrent_10_total_ms: "Wall time of the 10 concurrent chats (5 tool calls each)",
};

export function writeAgentReport(machine: string, setup: string, metrics: Record<string, Metric>): void {
  publishBenchmark({
    name: "agent",
    heading: "Agent",
    machine,
    metrics,
    describe,
    intro: [
      "`npm run bench:agent` (web/bench/agent.bench.ts): the real agent loop (AI SDK 7 `streamText` with",
      "the real `@openrouter/ai-sdk-provider`) against the local fake OpenRouter, which answers instantly.",
      "The round trip is measured inside the fake: from the end of the tool-call stream it sent to the",
      "arrival of the next request carrying the tool result (provider parsing, tool execution over the",
      `bridge, and the next request). ${setup}`,
    ],
  });
}
