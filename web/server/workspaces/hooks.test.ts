// The setup hooks' order and bookkeeping, with a stand-in bridge that runs the commands in real
// bash (a temp folder as /workspace and $HOME): onCreate one after the other, once; onStart side
// by side, once per container start; output in the ide section line by line (also when a line
// arrives in pieces); a failure a warning; a dev server followed only for a while.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import type { BridgeClient } from "@kalpana/bridge/client";
import { runSetupHooks } from "./hooks";
import { resetReport, startReport } from "./state";

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** exec:run / exec:start / exec:read over local bash, as the bridge runs them (cwd /workspace). */
function localBridge() {
  const root = mkdtempSync(path.join(tmpdir(), "kalpana-hooks-"));
  roots.push(root);
  const home = path.join(root, "home");
  const ws = path.join(root, "workspace");
  mkdirSync(home);
  mkdirSync(ws);
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home } as unknown as NodeJS.ProcessEnv;
  const jobs = new Map<string, { out: string; running: boolean; exitCode: number | null }>();
  const bridge = {
    exec: {
      run: async (p: { command: string }) => {
        const r = spawnSync("bash", ["-c", p.command], { cwd: ws, env, encoding: "utf8" });
        return { output: [{ stream: "stdout", data: r.stdout }], exitCode: r.status };
      },
      start: async (p: { command: string }) => {
        const jobId = `job-${jobs.size + 1}`;
        const job = { out: "", running: true, exitCode: null as number | null };
        jobs.set(jobId, job);
        const child = spawn("bash", ["-c", p.command], { cwd: ws, env, detached: true });
        child.stdout.on("data", (d: Buffer) => {
          job.out += d.toString();
        });
        child.stderr.on("data", (d: Buffer) => {
          job.out += d.toString();
        });
        child.on("close", (code) => Object.assign(job, { running: false, exitCode: code }));
        after(() => {
          if (job.running && child.pid) process.kill(-child.pid, "SIGKILL");
        });
        return { jobId, pid: child.pid ?? 0 };
      },
      read: async (p: { jobId: string; offset: number }) => {
        const job = jobs.get(p.jobId);
        if (!job) throw new Error("no such job");
        const running = job.running; // read before the output: nothing is lost at the end
        const out = job.out;
        return {
          output: [{ stream: "stdout", data: out.slice(p.offset) }],
          nextOffset: out.length,
          running,
          exitCode: job.exitCode,
          signal: null,
        };
      },
    },
  };
  return { bridge: bridge as unknown as BridgeClient, home, ws };
}

const ide = (id: string): { status: string; lines: string[] } =>
  startReport(id).find((p) => p.phase === "ide") ?? { status: "", lines: [] };

test("onCreate once and in order, onStart side by side once per container start, output line by line", async () => {
  const { bridge, home } = localBridge();
  const id = "ws-hooks-1";
  const w = {
    id,
    setup: {
      onCreate: [
        { name: "first", command: 'sleep 0.3; echo first >> "$HOME/order"' },
        {
          name: "second",
          command: 'echo second >> "$HOME/order"; printf "par"; sleep 0.6; printf "tial\\n"',
        },
      ],
      onStart: [
        { name: "a", command: 'echo a-start >> "$HOME/starts"; sleep 0.5; echo "a in $PWD"' },
        { name: "b", command: 'echo b-start >> "$HOME/starts"; exit 3' },
      ],
      ports: [],
      extensions: [],
    },
  };
  resetReport(id);
  await runSetupHooks(w, { connect: async () => bridge });
  assert.equal(readFileSync(path.join(home, "order"), "utf8"), "first\nsecond\n");
  let lines = ide(id).lines;
  assert.ok(lines.includes("onCreate second | partial"), lines.join(" | "));
  assert.ok(
    lines.some((l) => /^onStart a \| a in .*workspace$/.test(l)),
    lines.join(" | "),
  );
  assert.ok(lines.includes("onStart b: failed (exit 3)"));
  assert.equal(ide(id).status, "warning");
  // b started while a still slept: side by side.
  assert.deepEqual(readFileSync(path.join(home, "starts"), "utf8").split("\n").filter(Boolean).sort(), [
    "a-start",
    "b-start",
  ]);

  // The pipeline again in the same container run (a web restart mid-start): nothing runs twice.
  resetReport(id);
  await runSetupHooks(w, { connect: async () => bridge });
  assert.equal(readFileSync(path.join(home, "order"), "utf8"), "first\nsecond\n");
  assert.equal(readFileSync(path.join(home, "starts"), "utf8").split("\n").filter(Boolean).length, 2);
  lines = ide(id).lines;
  assert.ok(
    lines.some((l) => /already started in this container run/.test(l)),
    lines.join(" | "),
  );

  // A new container start (PID 1 started at another time): onStart again, onCreate still not.
  writeFileSync(path.join(home, ".kalpana", "on-start-boot"), "an earlier start");
  resetReport(id);
  await runSetupHooks(w, { connect: async () => bridge });
  assert.equal(readFileSync(path.join(home, "starts"), "utf8").split("\n").filter(Boolean).length, 4);
  assert.equal(readFileSync(path.join(home, "order"), "utf8"), "first\nsecond\n");
});

test("a dev server is followed for a while, then left running; a gone bridge ends quietly", async () => {
  const { bridge } = localBridge();
  const id = "ws-hooks-2";
  resetReport(id);
  const setup = {
    onCreate: [],
    onStart: [{ name: "server", command: "echo listening; sleep 30" }],
    ports: [],
    extensions: [],
  };
  const t0 = Date.now();
  await runSetupHooks({ id, setup }, { connect: async () => bridge, followMs: 800 });
  assert.ok(Date.now() - t0 < 5000);
  const lines = ide(id).lines;
  assert.ok(lines.includes("onStart server | listening"), lines.join(" | "));
  assert.ok(lines.includes("onStart server: still running; its output is no longer shown here."));

  await runSetupHooks(
    { id, setup },
    {
      connect: async () => {
        throw new Error("The workspace is not running");
      },
    },
  );
});
