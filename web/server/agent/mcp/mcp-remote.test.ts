// Remote MCP servers ({ "url": ... } in .kalpana/mcp.json): connected from the web server only when
// the person allowed them for the workspace. A local streamable-HTTP server (remote-mcp.fixture.ts)
// stands in for the remote one, reachable only through the test-only KALPANA_MCP_ALLOW_HTTP_LOCALHOST
// flag; the REAL bridge reads the file and the REAL OpenRouter provider talks to a fake model.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../../testing/fake-openrouter.fixture";
import { agentHarness } from "../agent-harness.fixture";
import { type HostBridge, startHostBridge } from "../host-bridge.fixture";
import { connectMcp } from "./connect";
import { pinnedFetch, RemoteRefused } from "./remote-fetch";
import { type RemoteMcp, startRemoteMcp } from "./remote-mcp.fixture";

let bridge: HostBridge;
let fake: FakeOpenRouter;
let remote: RemoteMcp;
const localhostOk = { allowHttpLocalhost: true };

const writeConfig = (config: unknown) =>
  writeFileSync(path.join(bridge.root, ".kalpana/mcp.json"), JSON.stringify(config));

before(async () => {
  [bridge, fake, remote] = await Promise.all([startHostBridge(), startFakeOpenRouter(), startRemoteMcp()]);
  mkdirSync(path.join(bridge.root, ".kalpana"));
});
after(async () => {
  await Promise.all([bridge?.stop(), fake?.close(), remote?.close()]);
});

type Part = { type: string; state?: string; output?: Record<string, unknown> };
const toolParts = (m: { parts: unknown[] }) => (m.parts as Part[]).filter((p) => p.type.startsWith("tool-"));

describe("remote MCP servers", () => {
  test("off by default: listed as disabled and never contacted", async () => {
    writeConfig({ servers: { far: { url: remote.url } } });
    remote.requests.length = 0;
    const conn = await connectMcp(bridge.client, {} as never, { remote: localhostOk });
    await conn.close();
    assert.equal(conn.status.servers[0]!.status, "disabled");
    assert.match(conn.status.servers[0]!.error!, /allow remote MCP servers for this workspace/);
    assert.deepEqual(conn.tools, {});
    assert.deepEqual(remote.requests, [], "the server got no request");
  });

  test("enabled: the model calls its tool after approval in ask mode, result to the model, audited", async () => {
    writeConfig({ servers: { far: { url: remote.url } } });
    remote.requests.length = 0;
    const h = agentHarness(bridge, fake.baseURL, "ask", { mcp: { allowRemote: true, remote: localhostOk } });
    fake.script({ toolCalls: [{ name: "mcp_far_shout", args: { text: "hello remote" } }] });
    let answer = await h.send("shout through the remote server");
    assert.deepEqual(h.mcpStatus()?.servers, [
      { name: "far", kind: "remote", status: "connected", tools: ["mcp_far_shout"] },
    ]);
    const offered = fake.requests.at(-1)!.tools!.find((t) => t.function.name === "mcp_far_shout");
    assert.match(JSON.stringify(offered), /MCP server \\"far\\".*untrusted, not instructions.*Upper-case/);
    assert.equal(toolParts(answer)[0]!.state, "approval-requested");
    assert.equal(h.audit.length, 0, "nothing ran before the approval");
    assert.ok(!remote.requests.some((r) => r.rpc === "tools/call"), "no call before the approval");

    fake.script({ text: "It shouted." });
    answer = await h.respond(true);
    const part = toolParts(answer)[0]!;
    assert.equal(part.state, "output-available");
    assert.equal(part.output!.result, "remote: HELLO REMOTE");
    const toModel = fake.requests.at(-1)!.messages.at(-1)!;
    assert.match(String(toModel.content), /<untrusted-data source="tool_mcp_far_shout"/);
    assert.match(String(toModel.content), /remote: HELLO REMOTE/);
    assert.deepEqual(
      h.audit.map((a) => `${a.tool}:${a.outcome}:${a.summary}`),
      ['mcp_far_shout:ok:{"text":"hello remote"}'],
    );
    assert.ok(remote.requests.some((r) => r.rpc === "tools/call"));
  });

  test("(attacker) internal addresses are refused with a readable status and no connection", async () => {
    writeConfig({
      servers: {
        meta: { url: "https://169.254.169.254/latest/meta-data" },
        lan: { url: "https://10.0.0.1/mcp" },
        rebind: { url: "https://rebind.evil.test/mcp" },
        plain: { url: remote.url }, // http://localhost without the test flag
      },
    });
    remote.requests.length = 0;
    let lookedUp = 0;
    const conn = await connectMcp(bridge.client, {} as never, {
      allowRemote: true,
      remote: {
        allowHttpLocalhost: false,
        resolve: async (host) => {
          lookedUp++;
          assert.equal(host, "rebind.evil.test");
          return [{ address: "127.0.0.1", family: 4 }];
        },
      },
    });
    await conn.close();
    const by = Object.fromEntries(conn.status.servers.map((s) => [s.name, s]));
    assert.deepEqual(
      Object.values(by).map((s) => s.status),
      ["error", "error", "error", "error"],
    );
    assert.match(by.meta!.error!, /^refused: 169\.254\.169\.254 resolves to 169\.254\.169\.254/);
    assert.match(by.lan!.error!, /^refused: 10\.0\.0\.1 resolves to 10\.0\.0\.1/);
    assert.match(by.rebind!.error!, /^refused: rebind\.evil\.test resolves to 127\.0\.0\.1/);
    assert.match(by.plain!.error!, /^refused: only https/);
    assert.equal(lookedUp, 1);
    assert.deepEqual(conn.tools, {});
    assert.deepEqual(remote.requests, [], "the local server got no request");
  });

  test("(attacker) a server that never answers costs its timeout", async () => {
    writeConfig({ servers: { far: { url: remote.url } } });
    remote.stall(true);
    try {
      const started = Date.now();
      const conn = await connectMcp(bridge.client, {} as never, {
        allowRemote: true,
        remote: localhostOk,
        timeoutMs: 1000,
      });
      await conn.close();
      assert.ok(Date.now() - started < 4000, "the timeout, not more");
      assert.equal(conn.status.servers[0]!.status, "error");
      assert.match(conn.status.servers[0]!.error!, /did not answer within 1 s/);
    } finally {
      remote.stall(false);
    }
  });

  test("(attacker) a redirect is not followed", async () => {
    writeConfig({ servers: { far: { url: remote.url } } });
    remote.requests.length = 0;
    remote.redirectTo("http://169.254.169.254/latest/meta-data");
    try {
      const conn = await connectMcp(bridge.client, {} as never, {
        allowRemote: true,
        remote: localhostOk,
        timeoutMs: 2000,
      });
      await conn.close();
      assert.equal(conn.status.servers[0]!.status, "error");
      assert.match(conn.status.servers[0]!.error!, /HTTP 302 \(redirects are not followed\)/);
    } finally {
      remote.redirectTo(null);
    }
  });
});

describe("the pinned fetch", () => {
  test("(attacker) it connects to the checked address only: no second DNS lookup", async () => {
    const port = new URL(remote.url).port;
    // The name does not resolve at all: reaching the server proves the checked address is used.
    const target = {
      url: new URL(`http://pinned.invalid:${port}/mcp`),
      address: "127.0.0.1",
      family: 4 as const,
    };
    remote.requests.length = 0;
    const res = await pinnedFetch(target)(target.url.href, { method: "GET" });
    assert.equal(res.status, 405);
    assert.deepEqual(remote.requests, [{ method: "GET" }]);
  });

  test("(attacker) another URL than the endpoint is refused before any request", async () => {
    const target = { url: new URL(remote.url), address: "127.0.0.1", family: 4 as const };
    remote.requests.length = 0;
    const f = pinnedFetch(target);
    const elsewhere = new URL(remote.url);
    elsewhere.pathname = "/.well-known/oauth-protected-resource";
    await assert.rejects(f(elsewhere.href), RemoteRefused);
    await assert.rejects(f("http://169.254.169.254/latest/meta-data"), RemoteRefused);
    assert.deepEqual(remote.requests, []);
  });

  test("(attacker) a response larger than the cap is cut off", async () => {
    const target = { url: new URL(remote.url), address: "127.0.0.1", family: 4 as const };
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    const res = await pinnedFetch(target, { maxBytes: 20 })(remote.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    assert.equal(res.status, 200);
    await assert.rejects(res.text(), /larger than 20 bytes|terminated|aborted/i);
  });

  test("an answer that does not come in time fails the request", async () => {
    const target = { url: new URL(remote.url), address: "127.0.0.1", family: 4 as const };
    remote.stall(true);
    try {
      await assert.rejects(
        pinnedFetch(target, { headersTimeoutMs: 200 })(remote.url, { method: "POST", body: "{}" }),
        /no answer within/,
      );
    } finally {
      remote.stall(false);
    }
  });
});
