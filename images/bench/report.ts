// Prints the Markdown table and writes docs/benchmarks/image.json + the "Images" section of
// docs/BENCHMARKS.md (replaced in place, other sections untouched).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runOk } from "../lib/run";

export interface Metric {
  value: number;
  unit: string;
  target: number | null;
  better: "lower" | "higher";
}

async function machine(): Promise<string> {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  const docker = (await runOk("docker", ["version", "--format", "{{.Server.Version}}"])).trim();
  const gib = Math.round(os.totalmem() / 2 ** 30);
  return `${os.cpus().length} vCPU ${cpu}, ${gib} GiB RAM, Linux ${os.release()}, Docker ${docker}`;
}

function table(metrics: Record<string, Metric>): string {
  const rows = Object.entries(metrics).map(([name, m]) => {
    const ok =
      m.target === null
        ? ""
        : (m.better === "lower" ? m.value <= m.target : m.value >= m.target)
          ? "✅"
          : "❌";
    return `| ${name} | ${m.value} ${m.unit} | ${m.target === null ? "-" : `${m.target} ${m.unit}`} | ${ok} |`;
  });
  return ["| metric | value | target | |", "|---|---|---|---|", ...rows].join("\n");
}

export async function writeReport(root: string, metrics: Record<string, Metric>, notes: string[]) {
  const report = { machine: await machine(), date: new Date().toISOString(), metrics };
  const md = table(metrics);
  console.log(`\n${md}\n`);
  mkdirSync(path.join(root, "docs", "benchmarks"), { recursive: true });
  writeFileSync(path.join(root, "docs", "benchmarks", "image.json"), `${JSON.stringify(report, null, 2)}\n`);

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
  const file = path.join(root, "docs", "BENCHMARKS.md");
  const old = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const re = /^## Images\n[\s\S]*?(?=^## |(?![\s\S]))/m;
  const next = re.test(old) ? old.replace(re, section) : `${old.trimEnd()}\n\n${section}`;
  writeFileSync(file, next.endsWith("\n") ? next : `${next}\n`);
}
