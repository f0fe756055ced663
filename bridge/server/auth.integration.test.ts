import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BridgeError, connectBridge, waitForBridge } from "../client/index";
import { type BridgeProcess, startBridgeProcess } from "./bridge.fixture";

let b: BridgeProcess;
before(async () => {
  b = await startBridgeProcess();
});
after(() => b.stop());

const isCode = (code: string) => (e: unknown) => e instanceof BridgeError && e.code === code;

test("auth: GET /healthz answers 200 JSON without a secret; waitForBridge sees it", async () => {
  const res = await fetch(`${b.url}/healthz`);
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { ok: boolean }).ok, true);
  await waitForBridge(b.url, 2000);
  assert.equal((await fetch(`${b.url}/other`)).status, 404);
});

test("auth: wrong and missing secrets are refused with EAUTH, and never logged", async () => {
  await assert.rejects(connectBridge(b.url, "wrong-secret-wrong-secret"), isCode("EAUTH"));
  await assert.rejects(connectBridge(b.url, ""), isCode("EAUTH"));
  await assert.rejects(connectBridge(b.url, `${b.secret}x`), isCode("EAUTH"));
  assert.match(b.logs(), /auth refused/);
  assert.ok(!b.logs().includes("wrong-secret-wrong-secret"));
  assert.ok(!b.logs().includes(b.secret), "the real secret is never logged");
});

test("auth: the right secret (file content is trimmed) connects and calls work", async () => {
  const c = await b.connect();
  assert.equal((await c.fs.stat({ path: "." })).type, "dir");
  c.close();
});

test("client: clean EUNAVAILABLE when the bridge is down, not a hang", async () => {
  await assert.rejects(
    connectBridge("http://127.0.0.1:9", b.secret, { connectTimeoutMs: 500 }),
    isCode("EUNAVAILABLE"),
  );
  await assert.rejects(waitForBridge("http://127.0.0.1:9", 300), isCode("EUNAVAILABLE"));
  const c = await b.connect();
  c.close();
  await assert.rejects(c.fs.stat({ path: "." }), isCode("EUNAVAILABLE"));
});

test("client: in-flight calls fail with EUNAVAILABLE when the bridge dies; per-call timeout gives ETIMEOUT", async () => {
  const other = await startBridgeProcess();
  const c = await other.connect();
  await assert.rejects(c.exec.run({ command: "sleep 5" }, { timeoutMs: 200 }), isCode("ETIMEOUT"));
  const pending = c.exec.run({ command: "sleep 5" });
  await new Promise((r) => setTimeout(r, 100));
  other.proc.kill("SIGKILL");
  await assert.rejects(pending, isCode("EUNAVAILABLE"));
  await other.stop();
});

test("client: reconnects by itself when the bridge comes back on the same address", async () => {
  const first = await startBridgeProcess();
  const c = await first.connect();
  first.proc.kill("SIGKILL");
  await new Promise((r) => first.proc.once("exit", r));
  await assert.rejects(c.fs.stat({ path: "." }), isCode("EUNAVAILABLE"));
  const second = await startBridgeProcess({ KALPANA_BRIDGE_PORT: String(first.port) }, first.secret);
  const deadline = Date.now() + 10_000;
  while (!c.connected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal((await c.fs.stat({ path: "." })).type, "dir");
  c.close();
  await second.stop();
  await first.stop();
});
