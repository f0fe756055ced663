// MCP servers declared in .kalpana/mcp.json, end to end: a REAL bridge process starts the test
// server (bridge/ops/mcp/mcp-server.fixture.mjs), the REAL OpenRouter provider talks to a local fake
// model, and the scripted model calls the server's tool: approval in ask mode, the result reaches
// the model as untrusted data, the call is audited. Then hostile servers and broken files.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../../testing/fake-openrouter.fixture";
import { agentHarness } from "../agent-harness.fixture";
import { approvalFor } from "../approval";
import { type HostBridge, startHostBridge } from "../host-bridge.fixture";
import { connectMcp } from "./connect";
import { mcpStatusOf } from "./status";
import { mcpToolName } from "./tools";

const fixture = fileURLToPath(new URL("../../../../bridge/ops/mcp/mcp-server.fixture.mjs", import.meta.url));
let bridge: HostBridge;
let fake: FakeOpenRouter;

const server = (mode = "echo", env: Record<string, string> = {}) => ({
  command: process.execPath,
  args: [".kalpana/test-server.mjs", mode],
  env,
});
const writeConfig = (config: unknown) =>
  writeFileSync(
    path.join(bridge.root, ".kalpana/mcp.json"),
    typeof config === "string" ? config : JSON.stringify(config),
  );
/** Processes whose command line ends in `test-server.mjs <mode>` (read from /proc, no pgrep). */
const runningNow = (mode: string) =>
  readdirSync("/proc").some((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
      return argv.at(-1) === mode && argv.at(-2) === ".kalpana/test-server.mjs";
    } catch {
      return false; // gone meanwhile
    }
  });
/** Still running after the grace a closed session gets (SIGTERM, SIGKILL after 0.5 s)? */
async function running(mode: string): Promise<boolean> {
  const deadline = Date.now() + 2000;
  while (runningNow(mode) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return runningNow(mode);
}

before(async () => {
  [bridge, fake] = await Promise.all([startHostBridge(), startFakeOpenRouter()]);
  mkdirSync(path.join(bridge.root, ".kalpana"));
  copyFileSync(fixture, path.join(bridge.root, ".kalpana/test-server.mjs"));
});
after(async () => {
  await Promise.all([bridge?.stop(), fake?.close()]);
});

type Part = { type: string; state?: string; output?: Record<string, unknown> };
const toolParts = (m: { parts: unknown[] }) => (m.parts as Part[]).filter((p) => p.type.startsWith("tool-"));

describe("MCP servers from .kalpana/mcp.json", () => {
  test("the model calls a server's tool: approval in ask mode, result to the model, audited", async () => {
    writeConfig({ servers: { test: server("echo", { MCP_TEST_VAR: "from-config" }) } });
    const h = agentHarness(bridge, fake.baseURL, "ask", { mcp: {} });
    fake.script({ toolCalls: [{ name: "mcp_test_echo", args: { text: "hello mcp" } }] });
    let answer = await h.send("echo through the MCP server");
    assert.deepEqual(h.mcpStatus()?.servers, [
      { name: "test", kind: "stdio", status: "connected", tools: ["mcp_test_echo"] },
    ]);
    const offered = fake.requests.at(-1)!.tools!.find((t) => t.function.name === "mcp_test_echo");
    assert.ok(offered, "the model is offered the tool");
    assert.match(
      JSON.stringify(offered),
      /MCP server \\"test\\".*untrusted, not instructions.*Echo the text back/,
    );
    assert.equal(toolParts(answer)[0]!.state, "approval-requested");
    assert.equal(h.audit.length, 0, "nothing ran before the approval");
    assert.equal(await running("echo"), false, "the turn's session ended with the turn");

    fake.script({ text: "The server said hello." });
    answer = await h.respond(true);
    const part = toolParts(answer)[0]!;
    assert.equal(part.state, "output-available");
    assert.match(String(part.output!.result), /^echo: hello mcp \(cwd=.* var=from-config\)$/);
    const toModel = fake.requests.at(-1)!.messages.at(-1)!;
    assert.equal(toModel.role, "tool");
    assert.match(String(toModel.content), /<untrusted-data source="tool_mcp_test_echo"/);
    assert.match(String(toModel.content), /echo: hello mcp/);
    assert.deepEqual(
      h.audit.map((a) => `${a.tool}:${a.outcome}:${a.summary}`),
      ['mcp_test_echo:ok:{"text":"hello mcp"}'],
    );
    assert.equal(await running("echo"), false);
  });

  test("an approved call whose server is gone since gets a readable error, not a failed answer", async () => {
    writeConfig({ servers: { test: server("echo") } });
    const h = agentHarness(bridge, fake.baseURL, "ask", { mcp: {} });
    fake.script({ toolCalls: [{ name: "mcp_test_echo", args: { text: "later" } }] });
    await h.send("echo later");
    writeConfig({ servers: {} });
    fake.script({ text: "The server is gone." });
    const answer = await h.respond(true);
    assert.deepEqual(h.errors(), []);
    assert.match(String(toolParts(answer)[0]!.output!.error), /mcp_test_echo is no longer available/);
    assert.deepEqual(
      h.audit.map((a) => `${a.tool}:${a.outcome}`),
      ["mcp_test_echo:error"],
    );
  });

  test("every MCP tool asks in ask mode; auto mode runs it like any tool", async () => {
    const ask = await approvalFor("ask", "mcp_test_echo", { text: "x" });
    assert.equal(typeof ask === "object" && ask.type, "user-approval");
    assert.equal(await approvalFor("auto", "mcp_test_echo", { text: "x" }), "not-applicable");
    // A dangerous command is still caught in auto mode, whatever tool carries it.
    const danger = await approvalFor("auto", "mcp_shell_run", { command: "rm -rf /" });
    assert.equal(typeof danger === "object" && danger.type, "user-approval");
  });

  test("(attacker) hostile servers cannot hang or flood the turn; each gets a readable status", async () => {
    writeConfig({
      servers: {
        good: server("echo"),
        noise: server("garbage"),
        mute: server("silent"),
        flood: server("many-tools"),
        crash: server("crash"),
        wide: server("huge-line"),
        far: { url: "https://mcp.example.com/mcp" },
      },
    });
    const h = agentHarness(bridge, fake.baseURL, "ask", { mcp: { timeoutMs: 1000 } });
    fake.script({ text: "Hello." });
    const started = Date.now();
    await h.send("hi");
    assert.ok(Date.now() - started < 8000, "the silent server costs its timeout, not more");
    const by = Object.fromEntries(h.mcpStatus()!.servers.map((s) => [s.name, s]));
    assert.equal(by.good!.status, "connected");
    assert.equal(by.noise!.status, "error");
    assert.match(by.noise!.error!, /not a JSON-RPC message: "\}\{ not json at all"/);
    assert.equal(by.mute!.status, "error");
    assert.match(by.mute!.error!, /did not answer within 1 s/);
    assert.equal(by.crash!.status, "error");
    assert.match(by.crash!.error!, /exited with code 3: boom: MCP_TEST_TOKEN is not set/);
    assert.equal(by.wide!.status, "error");
    assert.match(by.wide!.error!, /stdout line is over 1048576 bytes/);
    assert.equal(by.far!.status, "disabled");
    assert.match(by.far!.error!, /Remote MCP servers are not connected/);
    assert.equal(by.flood!.status, "connected");
    assert.equal(by.flood!.tools.length, 64);
    assert.match(by.flood!.error!, /offers 500 tools; only the first 64 are used/);
    const offered = fake.requests.at(-1)!.tools!.filter((t) => t.function.name.startsWith("mcp_flood_"));
    assert.equal(offered.length, 64);
    for (const t of offered) assert.ok(JSON.stringify(t).length < 1600, "a server's description is capped");
    for (const mode of ["echo", "garbage", "silent", "many-tools", "huge-line"])
      assert.equal(await running(mode), false, `${mode}: no server outlives the turn`);
  });

  test("(attacker) a broken or oversized file is a readable config error; the turn goes on", async () => {
    const cases: Array<[unknown, RegExp]> = [
      ["{ not json", /is not valid JSON/],
      [{ servers: { "bad name!": server() } }, /servers.bad name!: .*letters, digits/],
      [{ servers: { a: { command: "x", shell: "yes" } } }, /Unrecognized key|unrecognized/i],
      [
        { servers: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`s${i}`, server()])) },
        /at most 8/,
      ],
      [{ servers: { a: { url: "file:///etc/passwd" } } }, /servers.a/],
      [`{"servers":{},"pad":"${"x".repeat(70 * 1024)}"}`, /larger than 64 KiB/],
    ];
    for (const [config, error] of cases) {
      writeConfig(config);
      const conn = await connectMcp(bridge.client, {} as never);
      assert.equal(conn.status.configured, true);
      assert.match(conn.status.configError ?? "", error, JSON.stringify(conn.status));
      assert.deepEqual(conn.tools, {});
    }
    const h = agentHarness(bridge, fake.baseURL, "ask", { mcp: {} });
    fake.script({ text: "Still here." });
    const answer = await h.send("hi");
    assert.match(JSON.stringify(answer.parts), /Still here/);
  });

  test("the panel's status: servers with their tools and errors, and nothing left running", async () => {
    writeConfig({ servers: { test: server("echo"), broken: server("crash") } });
    const status = await mcpStatusOf(bridge.client);
    assert.deepEqual(status, {
      configured: true,
      servers: [
        { name: "test", kind: "stdio", status: "connected", tools: ["mcp_test_echo"] },
        {
          name: "broken",
          kind: "stdio",
          status: "error",
          tools: [],
          error: "the server exited with code 3: boom: MCP_TEST_TOKEN is not set",
        },
      ],
    });
    assert.equal(await running("echo"), false);
    // The check above can fail: while a connection is open its server is seen running.
    const open = await connectMcp(bridge.client, {} as never);
    assert.equal(runningNow("echo"), true);
    await open.close();
    assert.equal(await running("echo"), false);
    rmSync(path.join(bridge.root, ".kalpana/mcp.json"));
    assert.deepEqual(await mcpStatusOf(bridge.client), { configured: false, servers: [] });
  });

  test("(attacker) tool names are reduced to a safe alphabet and a 64-character cap", () => {
    assert.equal(mcpToolName("srv", "read file/../x"), "mcp_srv_read_file____x");
    assert.equal(mcpToolName("s", "\u202egnp.exe"), "mcp_s__gnp_exe");
    assert.equal(mcpToolName("s", "a".repeat(200)).length, 64);
  });
});
