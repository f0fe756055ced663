// From the attacker's side: whatever a command, git (a hook, a helper) or ripgrep starts in the
// background must not outlive a timeout or a cancel. Each case runs a real child that forks a
// long-running grandchild, records its pid, and checks the grandchild is really gone.
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { ExecRunParams, SearchGrepParams } from "../../protocol/index";
import { testOpContext } from "../context.fixture";
import { BridgeError } from "../errors";
import { runCommand } from "../exec/run-command";
import { runGit } from "../git/run-git";
import { grep } from "../search/grep";
import { runProcess } from "./run-process";

const dir = mkdtempSync(path.join(tmpdir(), "kalpana-run-process-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A shell line that starts `sleep 1000` in the background and writes its pid to a new file. */
function sleeper(then: "wait" | "exit 0"): { line: string; pidFile: string } {
  const pidFile = path.join(dir, `grandchild-${++n}.pid`);
  return { line: `sleep 1000 & echo $! > ${pidFile}; ${then}`, pidFile };
}

/** An executable standing in for git or rg. `git config --list` (asked first) answers nothing. */
function fakeBinary(body: string): string {
  const file = path.join(dir, `fake-${++n}`);
  writeFileSync(file, `#!/bin/sh\ncase "$*" in *"config --list"*) exit 0;; esac\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Alive = /proc has it and it is not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

async function grandchildPid(pidFile: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    try {
      const pid = Number(readFileSync(pidFile, "utf8").trim());
      if (pid > 0) return pid;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no pid in ${pidFile}`);
}

async function assertGone(pid: number): Promise<void> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 30));
  assert.equal(alive(pid), false, `grandchild ${pid} is still running`);
}

/** Starts `start`, aborts the connection once the grandchild exists, returns its pid. */
async function cancelled(start: (signal: AbortSignal) => Promise<unknown>, pidFile: string) {
  const ac = new AbortController();
  const done = start(ac.signal);
  const pid = await grandchildPid(pidFile);
  assert.equal(alive(pid), true);
  ac.abort();
  return {
    pid,
    outcome: await done.then(
      (v) => v,
      (e: unknown) => e,
    ),
  };
}

test("exec:run: the grandchild goes on timeout, on exec:cancel and on disconnect", async () => {
  const t = sleeper("wait");
  const ctx = testOpContext(dir, { execMaxTimeoutMs: 60_000 });
  const r = await runCommand(ctx, ExecRunParams.parse({ command: t.line, timeoutMs: 400 }), "t1");
  assert.equal(r.timedOut, true);
  await assertGone(await grandchildPid(t.pidFile));

  const c = sleeper("wait");
  const ctx2 = testOpContext(dir, { execMaxTimeoutMs: 60_000 });
  const running = runCommand(ctx2, ExecRunParams.parse({ command: c.line, timeoutMs: 60_000 }), "t2");
  const pid = await grandchildPid(c.pidFile);
  ctx2.execs.get("t2")!();
  assert.equal((await running).cancelled, true);
  await assertGone(pid);

  const d = sleeper("wait");
  const gone = await cancelled(
    (signal) =>
      runCommand(
        testOpContext(dir, { signal, execMaxTimeoutMs: 60_000 }),
        ExecRunParams.parse({ command: d.line, timeoutMs: 60_000 }),
        "t3",
      ),
    d.pidFile,
  );
  assert.equal((gone.outcome as { cancelled: boolean }).cancelled, true);
  await assertGone(gone.pid);
});

test("git: what git starts (a hook, a helper) goes on timeout, on cancel and when git exits", async () => {
  const t = sleeper("wait");
  const ctx = testOpContext(dir, { gitPath: fakeBinary(t.line) });
  await assert.rejects(
    runGit(ctx, ["status"], { cwd: dir, timeoutMs: 400 }),
    (e) => e instanceof BridgeError && e.code === "ETIMEOUT",
  );
  await assertGone(await grandchildPid(t.pidFile));

  const c = sleeper("wait");
  const gitPath = fakeBinary(c.line);
  const gone = await cancelled(
    (signal) => runGit(testOpContext(dir, { gitPath, signal }), ["fetch"], { cwd: dir, timeoutMs: 60_000 }),
    c.pidFile,
  );
  assert.ok(gone.outcome instanceof BridgeError && gone.outcome.code === "ECANCELLED");
  await assertGone(gone.pid);

  const left = sleeper("exit 0");
  const out = await runGit(testOpContext(dir, { gitPath: fakeBinary(left.line) }), ["status"], { cwd: dir });
  assert.equal(out.code, 0);
  await assertGone(await grandchildPid(left.pidFile));
});

test("search: what rg starts goes on cancel and when rg exits; a real search still works", async () => {
  const c = sleeper("wait");
  const rgPath = fakeBinary(c.line);
  const params = SearchGrepParams.parse({ pattern: "x", path: "." });
  const gone = await cancelled((signal) => grep(testOpContext(dir, { rgPath, signal }), params), c.pidFile);
  assert.ok(gone.outcome instanceof BridgeError && gone.outcome.code === "ECANCELLED");
  await assertGone(gone.pid);

  const left = sleeper("exit 0");
  const r = await grep(testOpContext(dir, { rgPath: fakeBinary(left.line) }), params);
  assert.deepEqual(r.matches, []);
  await assertGone(await grandchildPid(left.pidFile));

  writeFileSync(path.join(dir, "hay.txt"), "a needle here\n");
  const real = await grep(testOpContext(dir), SearchGrepParams.parse({ pattern: "needle", path: "." }));
  assert.deepEqual(
    real.matches.map((m) => m.path),
    ["hay.txt"],
  );
});

test("runProcess: the timeout ends the whole group (search uses this path with its 30 s limit)", async () => {
  const t = sleeper("wait");
  const run = runProcess(testOpContext(dir), {
    file: "sh",
    args: ["-c", t.line],
    cwd: dir,
    timeoutMs: 300,
    graceMs: 0,
    killLeftovers: true,
  });
  const pid = await grandchildPid(t.pidFile);
  const exit = await run.exit;
  assert.equal(exit.stopped, "timeout");
  assert.equal(exit.signal, "SIGKILL");
  await assertGone(pid);
});

test("runProcess: an already aborted signal stops the child at once", async () => {
  const ac = new AbortController();
  ac.abort();
  const started = Date.now();
  const run = runProcess(testOpContext(dir, { signal: ac.signal }), {
    file: "sleep",
    args: ["1000"],
    cwd: dir,
    timeoutMs: 60_000,
    graceMs: 0,
    killLeftovers: true,
  });
  assert.equal((await run.exit).stopped, "cancel");
  assert.ok(Date.now() - started < 5000);
});
