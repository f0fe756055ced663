// The one report writer behind every benchmark (web lifecycle + agent, bridge, images): the machine
// line, docs/benchmarks/<name>.json, the Markdown metrics table and the "## <Section>" of a Markdown
// file, replaced in place with the other sections untouched. Each bench keeps only its texts.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { repoRoot } from "../repo-root";

/** One figure. `value` is null when it could not be measured in this run (e.g. no Docker). */
export const metricSchema = z.object({
  value: z.number().nullable(),
  unit: z.string().min(1),
  target: z.number().nullable(),
  better: z.enum(["lower", "higher"]),
});
export type Metric = z.infer<typeof metricSchema>;

/** The layout of docs/benchmarks/<name>.json. */
export const benchmarkReportSchema = z.object({
  machine: z.string().min(1),
  date: z.iso.datetime(),
  metrics: z.record(z.string(), metricSchema),
});
export type BenchmarkReport = z.infer<typeof benchmarkReportSchema>;

/** docs/BENCHMARKS.md, where every benchmark owns one "## <Section>". */
export const benchmarksDoc = (root = repoRoot) => path.join(root, "docs", "BENCHMARKS.md");

/** Server version of the Docker engine, or null without a reachable engine. */
function dockerVersion(): string | null {
  try {
    const out = execFileSync("docker", ["version", "--format", "{{.Server.Version}}"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 10_000,
    }).trim();
    return out || null;
  } catch {
    return null;
  }
}

/**
 * "2 vCPU (AMD EPYC), 23.5 GiB RAM, Linux 6.18.44, Node v20.20.2, Docker 20.10.24" — Docker only when
 * an engine answers. `extra` is appended as is (e.g. `image kalpana/workspace:<tag>`).
 */
export function machineDescription(extra: string[] = []): string {
  const cpu = os.cpus()[0]?.model.trim() || "unknown CPU";
  const docker = dockerVersion();
  return [
    `${os.availableParallelism()} vCPU (${cpu})`,
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `${os.type()} ${os.release()}`,
    `Node ${process.version}`,
    ...(docker ? [`Docker ${docker}`] : []),
    ...extra,
  ].join(", ");
}

/**
 * Validates and writes docs/benchmarks/<name>.json (`{ machine, date, metrics }`, 2-space indent, final
 * newline) and returns what it wrote, so the Markdown shows the same date. Throws on NaN/Infinity rather
 * than letting JSON.stringify turn them into null.
 */
export function writeBenchmarkJson(
  name: string,
  machine: string,
  metrics: Record<string, Metric>,
  options: { root?: string; date?: string } = {},
): BenchmarkReport {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name)) throw new Error(`bad benchmark name: ${name}`);
  const report = benchmarkReportSchema.parse({
    machine,
    date: options.date ?? new Date().toISOString(),
    metrics,
  });
  const dir = path.join(options.root ?? repoRoot, "docs", "benchmarks");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

/** Whether the value meets the target; null without a target or a value. */
export function targetMet(m: Metric): boolean | null {
  if (m.value === null || m.target === null) return null;
  return m.better === "lower" ? m.value <= m.target : m.value >= m.target;
}

const comparator = (m: Metric) => (m.better === "lower" ? "≤" : "≥");
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const shown = (m: Metric) => (m.value === null ? "n/a" : String(m.value));

/** Columns padded the way Biome formats Markdown tables, so a generated file stays lint-clean. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${widths.map((w, i) => (cells[i] ?? "").padEnd(w)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/**
 * The table layouts in use, kept as they are so a new run only changes figures:
 * - "described" (docs/BENCHMARKS.md Lifecycle, Agent): description, `key`, value + ✓/✗, "≤ target unit".
 * - "compact" (docs/BENCHMARKS.md Images): key, value, target without comparator, ✅/❌.
 * - "aligned" (bridge/BENCHMARKS.md): padded columns, values rounded (ops/s to integers, else 2
 *   decimals), met/MISSED.
 */
export type TableStyle = "described" | "compact" | "aligned";

/** The Markdown table of `metrics` in their insertion order; `describe` maps a key to its description. */
export function metricsTable(
  metrics: Record<string, Metric>,
  describe: Record<string, string> = {},
  style: TableStyle = "described",
): string {
  const entries = Object.entries(metrics);
  if (style === "aligned") {
    const rows = entries.map(([key, m]) => {
      const met = targetMet(m);
      return [
        key,
        m.value === null ? "n/a" : String(round(m.value, m.unit === "ops/s" ? 0 : 2)),
        m.unit,
        m.target === null ? "" : `${comparator(m)} ${m.target}`,
        met === null ? "" : met ? "met" : "MISSED",
      ];
    });
    return markdownTable(["metric", "value", "unit", "target", ""], rows);
  }
  if (style === "compact") {
    const rows = entries.map(([key, m]) => {
      const met = targetMet(m);
      const target = m.target === null ? "-" : `${m.target} ${m.unit}`;
      return `| ${key} | ${shown(m)} ${m.unit} | ${target} | ${met === null ? "" : met ? "✅" : "❌"} |`;
    });
    return ["| metric | value | target | |", "|---|---|---|---|", ...rows].join("\n");
  }
  const rows = entries.map(([key, m]) => {
    const met = targetMet(m);
    const target = m.target === null ? "-" : `${comparator(m)} ${m.target} ${m.unit}`;
    const verdict = met === null ? "" : met ? " ✓" : " ✗";
    return `| ${describe[key] ?? key} | \`${key}\` | ${shown(m)} ${m.unit}${verdict} | ${target} |`;
  });
  return ["| Metric | Key | Value | Target |", "|---|---|---|---|", ...rows].join("\n");
}

/**
 * Puts `markdown` (a whole section starting with its "## <heading>" line) in place of that section of
 * `file` — from the heading line to the next "## " heading — leaving every other section as it was, or
 * appends it when the file has no such section (a missing file starts as "# Benchmarks").
 */
export function replaceSection(file: string, heading: string, markdown: string): void {
  const title = `## ${heading}`;
  if (!markdown.startsWith(`${title}\n`)) throw new Error(`section must start with "${title}"`);
  const section = `${markdown.trimEnd()}\n`;
  const read = existsSync(file) ? readFileSync(file, "utf8") : "";
  const current = read.trim() ? read : "# Benchmarks\n";
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const start = new RegExp(`^## ${escaped}[ \\t]*$`, "m").exec(current)?.index ?? -1;
  let updated: string;
  if (start < 0) {
    updated = `${current.trimEnd()}\n\n${section}`;
  } else {
    const afterTitle = current.indexOf("\n", start);
    const rel = afterTitle < 0 ? -1 : current.slice(afterTitle + 1).search(/^## /m);
    const next = rel < 0 ? -1 : afterTitle + 1 + rel;
    const before = current.slice(0, start).trimEnd();
    updated = `${before ? `${before}\n\n` : ""}${section}${next < 0 ? "" : `\n${current.slice(next)}`}`;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, updated.endsWith("\n") ? updated : `${updated}\n`);
}

/**
 * The ending of every benchmark: docs/benchmarks/<name>.json, then its Markdown — the intro, the
 * machine and date, the metrics table and any closing lines — printed and put in place: as the
 * "## <heading>" section of docs/BENCHMARKS.md, or as a whole page of its own (`page`, relative to
 * the root, titled "# <heading>", e.g. bridge/BENCHMARKS.md). Returns the report (its date is the
 * Markdown's).
 */
export function publishBenchmark(o: {
  name: string;
  heading: string;
  machine: string;
  metrics: Record<string, Metric>;
  describe?: Record<string, string>;
  intro: string[];
  after?: string[];
  style?: TableStyle;
  page?: string;
  root?: string;
}): BenchmarkReport {
  const root = o.root ?? repoRoot;
  const report = writeBenchmarkJson(o.name, o.machine, o.metrics, { root });
  const markdown = [
    `${o.page ? "#" : "##"} ${o.heading}`,
    "",
    ...o.intro,
    "",
    `Machine: ${o.machine}. Date: ${report.date}.`,
    "",
    metricsTable(o.metrics, o.describe, o.style),
    "",
    ...(o.after ?? []),
  ].join("\n");
  console.log(`\n${markdown}`);
  if (o.page) {
    const file = path.join(root, o.page);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${markdown.trimEnd()}\n`);
  } else replaceSection(benchmarksDoc(root), o.heading, markdown);
  return report;
}
