// Prints the Markdown table and writes docs/benchmarks/image.json + the "Images" section of
// docs/BENCHMARKS.md (replaced in place, other sections untouched).
import {
  benchmarksDoc,
  type Metric,
  machineDescription,
  metricsTable,
  replaceSection,
  writeBenchmarkJson,
} from "../../scripts/bench/report";

export type { Metric };

export function writeReport(metrics: Record<string, Metric>, notes: string[]): void {
  const report = writeBenchmarkJson("image", machineDescription(), metrics);
  const md = metricsTable(metrics, {}, "compact");
  console.log(`\n${md}\n`);

  const section = [
    "## Images",
    "",
    "`npm run bench:image` (images/bench.ts). Ready: `docker create` + secret putArchive + `docker start`",
    "(docker CLI, volumes already created) until the bridge and code-server both answer `/healthz`, p50 of 5.",
    "Idle: one never-connected workspace 20 s after start. After session: 60 s after closing a Chromium",
    "session that rendered the workbench (`--reconnection-grace-time 20`). Sizes: `docker image inspect`.",
    "",
    `Machine: ${report.machine}. Date: ${report.date}.`,
    "",
    md,
    "",
    ...notes.map((n) => `- ${n}`),
    "",
  ].join("\n");
  replaceSection(benchmarksDoc(), "Images", section);
}
