// Writes the lifecycle benchmark results: docs/benchmarks/lifecycle.json (machine-readable) and the
// "Lifecycle" section of docs/BENCHMARKS.md (replaced in place, other sections untouched).
import { type Metric, publishBenchmark } from "../../scripts/bench/report";

export type { Metric };

const describe: Record<string, string> = {
  cold_start_p50_ms: "Cold create → RUNNING (image present, stub Nix, no repo), p50 of 5",
  warm_start_p50_ms: "Warm start (STOPPED → RUNNING), p50 of 5",
  stop_p50_ms: "Stop (RUNNING → STOPPED), p50 of 10",
  parallel_10_total_ms: "10 workspaces created in parallel, all RUNNING",
  parallel_10_failures: "Failures among the 10 parallel creates",
  idle_memory_mib: "Memory of an idle running workspace (docker stats, median)",
};

export function writeLifecycleReport(machine: string, metrics: Record<string, Metric>): void {
  publishBenchmark({
    name: "lifecycle",
    heading: "Lifecycle",
    machine,
    metrics,
    describe,
    intro: [
      "`npm run bench:lifecycle` (web/bench/lifecycle.bench.ts): real Docker engine, the workspace image,",
      "the stub Nix package set (KALPANA_NIX_STUB=1), template `node`, 768 MiB / 1 CPU per workspace.",
      "Timings are from the API call to RUNNING (code-server answering /healthz through every phase).",
    ],
  });
}
