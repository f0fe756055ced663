// The web server's bridge client against a bridge that answers wrongly in every way we could
// think of, while a real bridge process is served by the same process at the same time. The
// process must not crash (tripwire), every hostile call must fail on its own with a stable
// code, the healthy bridge must keep answering, and memory must come back after floods.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type BridgeProcess, startBridgeProcess } from "../server/bridge.fixture";
import { type HostileBridge, startHostileBridge } from "./hostile-bridge.fixture";
import { type BridgeClient, connectBridge } from "./index";

const tripped: unknown[] = [];
const trip = (e: unknown) => tripped.push(e);
let hostile: HostileBridge;
let healthy: BridgeProcess;
let good: BridgeClient;
let healthyCalls = 0;
const healthyFailures: unknown[] = [];
let stopHealthy = false;
let healthyLoop: Promise<void>;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

before(async () => {
  process.on("uncaughtException", trip);
  process.on("unhandledRejection", trip);
  hostile = await startHostileBridge();
  healthy = await startBridgeProcess();
  good = await healthy.connect();
  await good.fs.write({ path: "alive.txt", content: "still here" });
  // Another user's workspace, served all along by the same process.
  healthyLoop = (async () => {
    while (!stopHealthy) {
      try {
        assert.equal((await good.fs.read({ path: "alive.txt" })).content, "still here");
        healthyCalls++;
      } catch (e) {
        healthyFailures.push(e);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
});
after(async () => {
  stopHealthy = true;
  await healthyLoop;
  await healthy?.stop();
  await hostile?.close();
  process.off("uncaughtException", trip);
  process.off("unhandledRejection", trip);
});

const code = (e: unknown) => (e as { code?: string }).code;
const connect = () => connectBridge(hostile.url, hostile.secret, { timeoutMs: 2000 });

const readCases: [scenario: string, expected: string][] = [
  ["null-ack", "EPROTO"],
  ["string-ack", "EPROTO"],
  ["no-args", "EPROTO"],
  ["two-args", "EPROTO"],
  ["wrong-type", "EPROTO"],
  ["missing-data", "EPROTO"],
  ["wrong-id", "EPROTO"],
  ["null-id", "EPROTO"],
  ["bad-code", "EPROTO"],
  ["never", "ETIMEOUT"],
  ["late", "ETIMEOUT"],
];

test("hostile bridge: every malformed or missing ack fails that one call with a stable code", async () => {
  const c = await connect();
  try {
    const results = await Promise.allSettled(
      readCases.map(([path]) => c.fs.read({ path }, { timeoutMs: path === "late" ? 200 : 800 })),
    );
    results.forEach((r, i) => {
      const [scenario, expected] = readCases[i]!;
      assert.equal(r.status, "rejected", scenario);
      assert.equal(code((r as PromiseRejectedResult).reason), expected, scenario);
    });
    // The connection survived all of it and still answers a good frame.
    assert.equal((await c.fs.read({ path: "fine" })).content, "ok");
    await new Promise((r) => setTimeout(r, 500)); // the late answers arrive now: ignored
  } finally {
    c.close();
  }
});

test("hostile bridge: an answer sent twice resolves once, with the first value", async () => {
  const c = await connect();
  try {
    assert.equal((await c.fs.read({ path: "twice" })).content, "ok");
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await c.fs.read({ path: "fine" })).content, "ok");
  } finally {
    c.close();
  }
});

test("hostile bridge: a huge error message is cut, a huge frame drops only that connection", async () => {
  const c = await connect();
  try {
    await assert.rejects(c.fs.read({ path: "huge-message" }), (e) => {
      assert.equal(code(e), "ENOENT");
      assert.ok((e as Error).message.length <= 4096);
      return true;
    });
    await assert.rejects(c.fs.read({ path: "huge-frame" }, { timeoutMs: 20_000 }), (e) =>
      ["EUNAVAILABLE", "EPROTO"].includes(code(e) ?? ""),
    );
  } finally {
    c.close();
  }
});

test("hostile bridge: disconnect mid-call and unparseable frames end the call, no hang", async () => {
  for (const path of ["disconnect", "parse-error"]) {
    const c = await connect();
    try {
      const started = performance.now();
      await assert.rejects(c.fs.read({ path }, { timeoutMs: 5000 }), (e) => code(e) === "EUNAVAILABLE");
      assert.ok(performance.now() - started < 3000, `${path} failed fast`);
    } finally {
      c.close();
    }
  }
});

test("hostile bridge: broken exec streams fail the call and end the iterator", async () => {
  const c = await connect();
  try {
    for (const command of ["bad-chunk", "dup-seq", "gap", "lastseq-lie", "chunk-flood"]) {
      const run = c.execStream({ command, maxOutputBytes: 1024 }, { timeoutMs: 5000 });
      const started = performance.now();
      const seen: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const chunk of run) seen.push(chunk.data);
        })(),
        (e) => code(e) === "EPROTO",
        command,
      );
      await assert.rejects(run.result, (e) => code(e) === "EPROTO", command);
      assert.ok(performance.now() - started < 4000, `${command} did not wait for the timeout`);
    }
    // A well-formed stream on the same connection still works.
    const ok = c.execStream({ command: "fine" });
    const out: string[] = [];
    for await (const chunk of ok) out.push(chunk.data);
    assert.equal(out.join(""), "hello world");
    assert.equal((await ok.result).lastSeq, 1);
  } finally {
    c.close();
  }
});

test("hostile bridge: progress floods, malformed progress and a throwing onProgress", async () => {
  const c = await connect();
  try {
    let seen = 0;
    await assert.rejects(
      c.git.clone({ url: "progress-flood" }, { onProgress: () => void seen++, timeoutMs: 5000 }),
      (e) => code(e) === "EPROTO",
    );
    assert.ok(seen <= 10_000, `onProgress ran ${seen} times`);
    await assert.rejects(
      c.git.clone({ url: "bad-progress" }, { onProgress: () => {}, timeoutMs: 5000 }),
      (e) => code(e) === "EPROTO",
    );
    const r = await c.git.clone(
      { url: "fine" },
      {
        onProgress: () => {
          throw new Error("the caller's own bug");
        },
      },
    );
    assert.equal(r.branch, "main");
  } finally {
    c.close();
  }
});

test("hostile bridge: floods of events for unknown ids leave the heap flat", async () => {
  const c = await connect();
  try {
    const measure = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    // Warm up once so lazily created structures do not count as growth.
    await c.fs.read({ path: "flood-unknown" }, { timeoutMs: 30_000 });
    await assert.rejects(c.execStream({ command: "chunk-flood", maxOutputBytes: 1024 }).result);
    const before = measure();
    for (let i = 0; i < 5; i++) {
      assert.equal((await c.fs.read({ path: "flood-unknown" }, { timeoutMs: 30_000 })).content, "ok");
      await assert.rejects(
        c.execStream({ command: "chunk-flood", maxOutputBytes: 1024 }).result,
        (e) => code(e) === "EPROTO",
      );
      await assert.rejects(c.fs.read({ path: "never" }, { timeoutMs: 50 }), (e) => code(e) === "ETIMEOUT");
    }
    await new Promise((r) => setTimeout(r, 200));
    const grown = measure() - before;
    // 5 x (80k junk events + 50 MB of chunks) went through; what stays must be noise.
    assert.ok(grown < 8 * 1024 * 1024, `heap grew by ${(grown / 1024 / 1024).toFixed(1)} MiB`);
    assert.equal(
      Object.keys((c.socket as unknown as { acks: object }).acks).length,
      0,
      "no ack handler left",
    );
  } finally {
    c.close();
  }
});

test("hostile bridge: the process never tripped and the healthy bridge kept answering", async () => {
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(tripped, []);
  assert.deepEqual(healthyFailures, []);
  assert.ok(healthyCalls > 20, `healthy bridge answered ${healthyCalls} calls meanwhile`);
  assert.equal((await good.fs.read({ path: "alive.txt" })).content, "still here");
});
