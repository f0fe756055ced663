// Writes the lifecycle benchmark results: docs/benchmarks/lifecycle.json (machine-readable) and the
// "Lifecycle" section of docs/BENCHMARKS.md (replaced in place, other sections untouched).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../testing/web-server.fixture";

export type Metric = { value: number; unit: string; target: number | null; better: "lower" | "higher" };

const describe: Record<string, string> = {
  cold_start_p50_ms: "Cold create → RUNNING (image present, stub Nix, no repo), p50 of 5",
  warm_start_p50_ms: "Warm start (STOPPED → RUNNING), p50 of 5",
  stop_p50_ms: "Stop (RUNNING → STOPPED), p50 of 10",
  parallel_10_total_ms: "10 workspaces created in parallel, all RUNNING",
  parallel_10_failures: "Failures among the 10 parallel creates",
  idle_memory_mib: "Memory of an idle running workspace (docker stats, median)",
};

export function writeLifecycleReport(machine: string, metrics: Record<string, Metric>): void {
  const date = new Date().toISOString();
  const json = { machine, date, metrics };
  mkdirSync(path.join(repoRoot, "docs", "benchmarks"), { recursive: true });
  writeFileSync(
    path.join(repoRoot, "docs", "benchmarks", "lifecycle.json"),
    `${JSON.stringify(json, null, 2)}\n`,
  );

  const rows = Object.entries(metrics).map(([k, m]) => {
    const target = m.target === null ? "-" : `≤ ${m.target} ${m.unit}`;
    const ok = m.target === null ? "" : m.value <= m.target ? " ✓" : " ✗";
    return `| ${describe[k] ?? k} | \`${k}\` | ${m.value} ${m.unit}${ok} | ${target} |`;
  });
  const section = [
    "## Lifecycle",
    "",
    "`npm run bench:lifecycle` (web/bench/lifecycle.bench.ts): real Docker engine, the workspace image,",
    "the stub Nix package set (KALPANA_NIX_STUB=1), template `node`, 768 MiB / 1 CPU per workspace.",
    "Timings are from the API call to RUNNING (code-server answering /healthz through every phase).",
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
  const start = current.indexOf("## Lifecycle");
  let next = start < 0 ? -1 : current.indexOf("\n## ", start + 1);
  if (next >= 0) next += 1;
  const updated =
    start < 0
      ? `${current.trimEnd()}\n\n${section}`
      : `${current.slice(0, start)}${section}${next >= 0 ? `\n${current.slice(next)}` : ""}`;
  writeFileSync(file, updated.endsWith("\n") ? updated : `${updated}\n`);
}
