import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import {
  type Metric,
  machineDescription,
  metricsTable,
  publishBenchmark,
  replaceSection,
  writeBenchmarkJson,
} from "./report";

const tmp = mkdtempSync(path.join(tmpdir(), "kalpana-bench-report-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const metrics: Record<string, Metric> = {
  start_p50_ms: { value: 1826, unit: "ms", target: 5000, better: "lower" },
  ops: { value: 4000, unit: "ops/s", target: 5000, better: "higher" },
  idle_mib: { value: 85.8, unit: "MiB", target: null, better: "lower" },
};

describe("writeBenchmarkJson", () => {
  test("writes docs/benchmarks/<name>.json as { machine, date, metrics } and returns it", () => {
    const root = path.join(tmp, "json");
    const report = writeBenchmarkJson("demo", "2 vCPU (X)", metrics, { root });
    const text = readFileSync(path.join(root, "docs", "benchmarks", "demo.json"), "utf8");
    assert.ok(text.endsWith("}\n"));
    const json = JSON.parse(text);
    assert.deepEqual(Object.keys(json), ["machine", "date", "metrics"]);
    assert.equal(json.machine, "2 vCPU (X)");
    assert.equal(json.date, report.date);
    assert.ok(!Number.isNaN(Date.parse(json.date)));
    assert.deepEqual(json.metrics, metrics);
    assert.deepEqual(Object.keys(json.metrics.start_p50_ms), ["value", "unit", "target", "better"]);
    assert.equal(text, `${JSON.stringify(report, null, 2)}\n`);
  });

  test("keeps a null value and refuses NaN instead of writing null", () => {
    const root = path.join(tmp, "json-null");
    const na: Metric = { value: null, unit: "ms", target: null, better: "lower" };
    assert.deepEqual(writeBenchmarkJson("na", "m", { na }, { root }).metrics.na, na);
    assert.throws(() =>
      writeBenchmarkJson(
        "nan",
        "m",
        { x: { ...na, value: Number.NaN } },
        { root, date: "2026-01-01T00:00:00.000Z" },
      ),
    );
    assert.throws(() => writeBenchmarkJson("../escape", "m", {}, { root }), /bad benchmark name/);
  });
});

describe("replaceSection", () => {
  const doc = [
    "# Benchmarks",
    "",
    "## Lifecycle",
    "",
    "old lifecycle",
    "",
    "## Images",
    "",
    "old images",
    "### Images detail",
    "",
    "## Agent",
    "",
    "old agent",
    "",
  ].join("\n");

  test("replaces a middle section and keeps the others byte for byte", () => {
    const file = path.join(tmp, "middle.md");
    writeFileSync(file, doc);
    replaceSection(file, "Images", "## Images\n\nnew images\n");
    assert.equal(
      readFileSync(file, "utf8"),
      doc.replace("old images\n### Images detail\n\n", "new images\n\n"),
    );
  });

  test("replaces the last section and the first one", () => {
    const file = path.join(tmp, "ends.md");
    writeFileSync(file, doc);
    replaceSection(file, "Agent", "## Agent\n\nnew agent\n\n\n");
    replaceSection(file, "Lifecycle", "## Lifecycle\n\nnew lifecycle");
    assert.equal(
      readFileSync(file, "utf8"),
      doc.replace("old agent", "new agent").replace("old lifecycle", "new lifecycle"),
    );
  });

  test("matches the whole heading line only, and restores the blank line before the next section", () => {
    const file = path.join(tmp, "similar.md");
    writeFileSync(file, "# Benchmarks\n\n## Agents\n\nother\n\n## Agent\n\nold\n## Images\n\nimg\n");
    replaceSection(file, "Agent", "## Agent\n\nnew\n");
    assert.equal(
      readFileSync(file, "utf8"),
      "# Benchmarks\n\n## Agents\n\nother\n\n## Agent\n\nnew\n\n## Images\n\nimg\n",
    );
  });

  test("appends a new section after the others", () => {
    const file = path.join(tmp, "append.md");
    writeFileSync(file, `${doc}\n\n`);
    replaceSection(file, "Bridge", "## Bridge\n\nnew bridge\n");
    assert.equal(readFileSync(file, "utf8"), `${doc}\n## Bridge\n\nnew bridge\n`);
  });

  test("a missing file starts as '# Benchmarks'", () => {
    const file = path.join(tmp, "new", "BENCHMARKS.md");
    replaceSection(file, "Images", "## Images\n\nx\n");
    assert.equal(readFileSync(file, "utf8"), "# Benchmarks\n\n## Images\n\nx\n");
  });

  test("refuses a section that does not start with its heading", () => {
    assert.throws(() => replaceSection(path.join(tmp, "bad.md"), "Images", "## Agent\n\nx\n"));
  });
});

describe("metricsTable", () => {
  test("described: description, key, value with verdict, comparator + unit target", () => {
    assert.equal(
      metricsTable(metrics, { start_p50_ms: "Cold start, p50 of 5" }),
      [
        "| Metric | Key | Value | Target |",
        "|---|---|---|---|",
        "| Cold start, p50 of 5 | `start_p50_ms` | 1826 ms ✓ | ≤ 5000 ms |",
        "| ops | `ops` | 4000 ops/s ✗ | ≥ 5000 ops/s |",
        "| idle_mib | `idle_mib` | 85.8 MiB | - |",
      ].join("\n"),
    );
  });

  test("compact: key, value, target, emoji verdict", () => {
    assert.equal(
      metricsTable(metrics, {}, "compact"),
      [
        "| metric | value | target | |",
        "|---|---|---|---|",
        "| start_p50_ms | 1826 ms | 5000 ms | ✅ |",
        "| ops | 4000 ops/s | 5000 ops/s | ❌ |",
        "| idle_mib | 85.8 MiB | - |  |",
      ].join("\n"),
    );
  });

  test("aligned: padded like Biome, rounded values, n/a for a missing value", () => {
    const figures: Record<string, Metric> = {
      fs_read_p50_ms: { value: 0.1523, unit: "ms", target: 2, better: "lower" },
      fs_read_ops_16: { value: 6437.4, unit: "ops/s", target: 5000, better: "higher" },
      docker_exec_p50_ms: { value: null, unit: "ms", target: null, better: "lower" },
    };
    assert.equal(
      metricsTable(figures, {}, "aligned"),
      [
        "| metric             | value | unit  | target |     |",
        "| ------------------ | ----- | ----- | ------ | --- |",
        "| fs_read_p50_ms     | 0.15  | ms    | ≤ 2    | met |",
        "| fs_read_ops_16     | 6437  | ops/s | ≥ 5000 | met |",
        "| docker_exec_p50_ms | n/a   | ms    |        |     |",
      ].join("\n"),
    );
  });
});

test("machineDescription lists CPUs, memory, OS and Node, then the extras", () => {
  const line = machineDescription(["image kalpana/workspace:abc"]);
  assert.match(line, /^\d+ vCPU \(.+\), \d+\.\d GiB RAM, \S+ \S+, Node v\d+/);
  assert.ok(line.includes(`Node ${process.version}`));
  assert.ok(line.endsWith(", image kalpana/workspace:abc"));
});

describe("publishBenchmark", () => {
  const metrics: Record<string, Metric> = {
    a_ms: { value: 1.5, unit: "ms", target: 2, better: "lower" },
  };
  test("a section of docs/BENCHMARKS.md, other sections kept, and the JSON beside it", () => {
    const root = path.join(tmp, "publish-section");
    mkdirSync(path.join(root, "docs"), { recursive: true });
    writeFileSync(path.join(root, "docs", "BENCHMARKS.md"), "# Benchmarks\n\n## Other\n\nkept\n");
    const report = publishBenchmark({
      name: "x",
      heading: "X",
      machine: "m",
      metrics,
      intro: ["Intro."],
      root,
    });
    const doc = readFileSync(path.join(root, "docs", "BENCHMARKS.md"), "utf8");
    assert.match(doc, /## Other\n\nkept/);
    assert.match(
      doc,
      new RegExp(`## X\n\nIntro.\n\nMachine: m. Date: ${report.date.replace(/\./g, "\\.")}.\n\n\\| Metric`),
    );
    assert.deepEqual(
      JSON.parse(readFileSync(path.join(root, "docs", "benchmarks", "x.json"), "utf8")),
      report,
    );
  });
  test("a page of its own, titled with the heading, in the table style asked for", () => {
    const root = path.join(tmp, "publish-page");
    publishBenchmark({
      name: "y",
      heading: "Y benchmarks",
      page: "pkg/BENCHMARKS.md",
      machine: "m",
      metrics,
      style: "aligned",
      intro: ["Generated."],
      after: ["- a note"],
      root,
    });
    const page = readFileSync(path.join(root, "pkg", "BENCHMARKS.md"), "utf8");
    assert.ok(page.startsWith("# Y benchmarks\n\nGenerated.\n\nMachine: m. Date: "));
    assert.match(page, /\| a_ms +\| 1\.5 +\| ms +\| ≤ 2 +\| met \|/);
    assert.ok(page.endsWith("- a note\n"));
  });
});
