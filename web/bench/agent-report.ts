// Writes the agent benchmark results: docs/benchmarks/agent.json and the "Agent" section of
// docs/BENCHMARKS.md (replaced in place, other sections untouched).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../testing/web-server.fixture";

export type Metric = { value: number; unit: string; target: number | null; better: "lower" | "higher" };

const describe: Record<string, string> = {
  tool_roundtrip_p50_ms: "Model's readFile tool call → tool result back at the model, p50 of 50",
  tool_roundtrip_p99_ms: "Same, p99 of 50",
  sdk_baseline_roundtrip_p50_ms: "Baseline: bare streamText + provider, no-op tool, p50 (same rounds)",
  concurrent_10_errors: "Errors across 10 concurrent chats on 10 workspaces",
  concurrent_10_total_ms: "Wall time of the 10 concurrent chats (5 tool calls each)",
};

export function writeAgentReport(machine: string, setup: string, metrics: Record<string, Metric>): void {
  const date = new Date().toISOString();
  mkdirSync(path.join(repoRoot, "docs", "benchmarks"), { recursive: true });
  writeFileSync(
    path.join(repoRoot, "docs", "benchmarks", "agent.json"),
    `${JSON.stringify({ machine, date, metrics }, null, 2)}\n`,
  );
  const rows = Object.entries(metrics).map(([k, m]) => {
    const cmp = m.better === "lower" ? "≤" : "≥";
    const target = m.target === null ? "-" : `${cmp} ${m.target} ${m.unit}`;
    const met = m.better === "lower" ? m.value <= (m.target ?? 0) : m.value >= (m.target ?? 0);
    return `| ${describe[k] ?? k} | \`${k}\` | ${m.value} ${m.unit}${m.target === null ? "" : met ? " ✓" : " ✗"} | ${target} |`;
  });
  const section = [
    "## Agent",
    "",
    "`npm run bench:agent` (web/bench/agent.bench.ts): the real agent loop (AI SDK 7 `streamText` with",
    "the real `@openrouter/ai-sdk-provider`) against the local fake OpenRouter, which answers instantly.",
    "The round trip is measured inside the fake: from the end of the tool-call stream it sent to the",
    "arrival of the next request carrying the tool result (provider parsing, tool execution over the",
    `bridge, and the next request). ${setup}`,
    "",
    `Machine: ${machine}. Date: ${date}.`,
    "",
    "| Metric | Key | Value | Target |",
    "|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
  console.log(`\n${section}`);
  const file = path.join(repoRoot, "docs", "BENCHMARKS.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const start = current.indexOf("## Agent");
  let next = start < 0 ? -1 : current.indexOf("\n## ", start + 1);
  if (next >= 0) next += 1;
  const updated =
    start < 0
      ? `${current.trimEnd()}\n\n${section}`
      : `${current.slice(0, start)}${section}${next >= 0 ? `\n${current.slice(next)}` : ""}`;
  writeFileSync(file, updated.endsWith("\n") ? updated : `${updated}\n`);
}
