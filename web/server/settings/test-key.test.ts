import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { testProviderKey } from "./test-key";

// A stand-in OpenRouter: /api/v1/key knows one good key; /compat has no /key route, only /models.
let server: Server;
let base = "";
const seen: string[] = [];
before(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.url} ${req.headers.authorization}`);
    const good = req.headers.authorization === "Bearer sk-or-good";
    if (req.url === "/api/v1/key") {
      res.writeHead(good ? 200 : 401, { "content-type": "application/json" });
      return res.end(
        JSON.stringify(good ? { data: { label: "x", usage: 1.5, limit: 10 } } : { error: { code: 401 } }),
      );
    }
    if (req.url === "/compat/models") return res.writeHead(good ? 200 : 401).end("{}");
    if (req.url === "/broke/key") return res.writeHead(500).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

test("a good key is accepted, with usage", async () => {
  assert.deepEqual(await testProviderKey("sk-or-good", `${base}/api/v1/`), {
    ok: true,
    message: "OpenRouter accepted the key · used $1.50 of $10.00.",
  });
});

test("a bad key reports 401 clearly", async () => {
  const r = await testProviderKey("sk-or-bad", `${base}/api/v1`);
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.status === 401 && /rejected this key \(401\)/.test(r.message));
});

test("servers without /key fall back to an authenticated /models", async () => {
  assert.equal((await testProviderKey("sk-or-good", `${base}/compat`)).ok, true);
  const bad = await testProviderKey("sk-or-bad", `${base}/compat`);
  assert.ok(!bad.ok && bad.status === 401);
});

test("server errors and unreachable hosts are reported, not thrown", async () => {
  const r = await testProviderKey("sk-or-good", `${base}/broke`);
  assert.ok(!r.ok && r.status === 500);
  const down = await testProviderKey("sk-or-good", "http://127.0.0.1:9");
  assert.ok(!down.ok && down.status === 0 && /could not be reached/.test(down.message));
});
