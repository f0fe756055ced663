#!/usr/bin/env node
// Runs every *.test.ts below the given folders with node's test runner (through tsx),
// prints the spec report and appends "<passed> <failed>" to $KALPANA_TEST_TALLY so that
// scripts/test.sh can print one summary line for the whole suite.
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// `--exclude <folder>` (repeatable) leaves a folder out, e.g. the browser tests from a unit run.
const args = process.argv.slice(2);
const excluded = new Set();
const targets = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--exclude") excluded.add(path.resolve(root, args[++i] ?? ""));
  else targets.push(args[i]);
}
if (targets.length === 0) targets.push("bridge", "web", "scripts", "prisma", "images", "nix");

function find(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (excluded.has(p)) continue;
    if (e.isDirectory()) find(p, out);
    else if (e.name.endsWith(".test.ts") || e.name.endsWith(".test.tsx")) out.push(p);
  }
  return out;
}

const files = [];
for (const t of targets) {
  const p = path.resolve(root, t);
  if (statSync(p, { throwIfNoEntry: false })?.isFile()) files.push(p);
  else find(p, files);
}
if (files.length === 0) {
  console.error(`no test files under: ${targets.join(", ")}`);
  process.exit(1);
}

const tap = path.join(mkdtempSync(path.join(tmpdir(), "kalpana-tap-")), "report.tap");
const child = spawn(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    `--test-concurrency=${process.env.KALPANA_TEST_CONCURRENCY ?? "2"}`,
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    "--test-reporter=tap",
    `--test-reporter-destination=${tap}`,
    ...files,
  ],
  { stdio: "inherit", cwd: root },
);
child.on("exit", (code, signal) => {
  let passed = 0;
  let failed = 0;
  try {
    const report = readFileSync(tap, "utf8");
    passed = Number(/^# pass (\d+)/m.exec(report)?.[1] ?? 0);
    failed = Number(/^# fail (\d+)/m.exec(report)?.[1] ?? 0);
    failed += Number(/^# cancelled (\d+)/m.exec(report)?.[1] ?? 0);
  } catch {
    failed = 1;
  }
  if (code !== 0 && failed === 0) failed = 1;
  if (process.env.KALPANA_TEST_TALLY) appendFileSync(process.env.KALPANA_TEST_TALLY, `${passed} ${failed}\n`);
  process.exit(code ?? (signal ? 1 : 0));
});
