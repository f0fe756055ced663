import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { BridgeClient } from "../client/index";
import type { EventPayload } from "../protocol/index";
import { alive, type BridgeProcess, startBridgeProcess } from "./bridge.fixture";

let b: BridgeProcess;
let c: BridgeClient;
const code = (e: unknown) => (e as { code?: string }).code;
const text = (out: { data: string }[]) => out.map((o) => o.data).join("");

async function gone(pid: number, ms = 4000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

before(async () => {
  // Clamp every timeout to 1.5 s so the "max timeout" rule is exercised too.
  b = await startBridgeProcess({ KALPANA_EXEC_MAX_TIMEOUT_MS: "1500" });
  c = await b.connect();
});
after(() => b.stop());

test("exec: exit code, cwd, env, stdin, stdout/stderr interleaved with names", async () => {
  await c.fs.write({ path: "sub/x.txt", content: "" });
  const r = await c.exec.run({
    command: 'echo out; echo err >&2; pwd; echo "$FOO"; cat; exit 3',
    cwd: "sub",
    env: { FOO: "bar" },
    stdin: "in\n",
  });
  assert.equal(r.exitCode, 3);
  assert.equal(text(r.output.filter((o) => o.stream === "stdout")), `out\n${b.root}/sub\nbar\nin\n`);
  assert.deepEqual(
    r.output.filter((o) => o.stream === "stderr"),
    [{ stream: "stderr", data: "err\n" }],
  );
  assert.equal(r.timedOut || r.cancelled, false);
  await assert.rejects(c.exec.run({ command: "true", cwd: "../.." }), (e) => code(e) === "EOUTSIDE");
});

test("exec: chunks stream in seq order and match the final output", async () => {
  const seqs: number[] = [];
  const onChunk = (e: EventPayload<"exec:chunk">) => seqs.push(e.seq);
  c.socket.on("exec:chunk", onChunk);
  const s = c.execStream({ command: "for i in $(seq 1 40); do echo line $i; sleep 0.005; done" });
  let streamed = "";
  for await (const chunk of s) streamed += chunk.data;
  const r = await s.result;
  c.socket.off("exec:chunk", onChunk);
  assert.equal(streamed, Array.from({ length: 40 }, (_, i) => `line ${i + 1}\n`).join(""));
  assert.equal(text(r.output), streamed);
  assert.ok(seqs.length > 1, "output arrived in several chunks");
  assert.deepEqual(
    seqs,
    seqs.map((_, i) => i),
  );
  assert.equal(r.lastSeq, seqs.length - 1);
});

test("exec: output cap truncates with a marker", async () => {
  const r = await c.exec.run({ command: "head -c 50000 /dev/zero | tr '\\0' x", maxOutputBytes: 1000 });
  assert.equal(r.truncated, true);
  assert.match(text(r.output), /^x{1000}\n\[kalpana: output truncated after 1000 bytes\]\n$/);
});

test("exec: a silent command returns at its (clamped) timeout with timedOut", async () => {
  const t0 = Date.now();
  const r = await c.exec.run({ command: "sleep 30", timeoutMs: 60_000 });
  assert.equal(r.timedOut, true);
  assert.equal(r.exitCode, null);
  assert.ok(Date.now() - t0 < 5000);
  assert.ok(await gone(r.pid));
});

test("exec: cancel kills the whole process group", async () => {
  const s = c.execStream({ command: "sleep 30 & echo $!; wait" });
  let childPid = 0;
  for await (const chunk of s) {
    childPid = Number(chunk.data.trim());
    break;
  }
  assert.ok(childPid > 0 && alive(childPid));
  assert.equal(await s.cancel(), true);
  const r = await s.result;
  assert.equal(r.cancelled, true);
  assert.ok(await gone(childPid), "background child of the command is gone");
  assert.ok(await gone(r.pid), "the shell is gone");
});

test("exec: a client disconnect cancels its foreground commands", async () => {
  const other = await b.connect();
  const s = other.execStream({ command: "sleep 30 & echo $!; wait" });
  s.result.catch(() => {});
  let childPid = 0;
  for await (const chunk of s) {
    childPid = Number(chunk.data.trim());
    break;
  }
  other.close();
  assert.ok(await gone(childPid));
});

test("exec: fs ops do not wait behind a running command", async () => {
  const running = c.exec.run({ command: "sleep 1" });
  await new Promise((r) => setTimeout(r, 100));
  const t0 = performance.now();
  await c.fs.stat({ path: "." });
  assert.ok(performance.now() - t0 < 500);
  await running;
});

test("exec: background jobs (start, read with offset, wait, list, kill, ring buffer)", async () => {
  const { jobId } = await c.exec.start({ command: "for i in 1 2 3; do echo $i; sleep 0.1; done" });
  const done = await c.exec.wait({ jobId, timeoutMs: 5000 });
  assert.deepEqual([done.running, done.exitCode], [false, 0]);
  const all = await c.exec.read({ jobId });
  assert.equal(text(all.output), "1\n2\n3\n");
  const again = await c.exec.read({ jobId, offset: all.nextOffset });
  assert.deepEqual(again.output, []);
  assert.ok((await c.exec.list({})).jobs.some((j) => j.jobId === jobId));

  const server = await c.exec.start({ command: "sleep 30 & wait" });
  const early = await c.exec.wait({ jobId: server.jobId, timeoutMs: 100 });
  assert.equal(early.running, true);
  const killed = await c.exec.kill({ jobId: server.jobId });
  assert.equal(killed.running, false);
  assert.ok(await gone(server.pid));

  const noisy = await c.exec.start({ command: "seq 1 3000", bufferBytes: 1024 });
  await c.exec.wait({ jobId: noisy.jobId });
  const tail = await c.exec.read({ jobId: noisy.jobId });
  assert.ok(tail.dropped > 0);
  assert.ok(text(tail.output).endsWith("2999\n3000\n"));
  assert.ok(text(tail.output).length <= 1024);
  await assert.rejects(c.exec.read({ jobId: "job_nope" }), (e) => code(e) === "ENOENT");
});
