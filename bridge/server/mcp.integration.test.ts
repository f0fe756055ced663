// stdio MCP servers through a real bridge process: lines both ways, exit reports, and the caps a
// hostile server or caller runs into (huge line, too many sessions, newline injection, shell words).
import assert from "node:assert/strict";
import { copyFileSync, existsSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { type BridgeClient, type McpExit, openMcpSession } from "../client/index";
import { MAX_MCP_SESSIONS } from "../protocol/index";
import { alive, type BridgeProcess, startBridgeProcess } from "./bridge.fixture";

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "../ops/mcp/mcp-server.fixture.mjs");
let b: BridgeProcess;
let c: BridgeClient;
const code = (e: unknown) => (e as { code?: string }).code;

async function gone(pid: number, ms = 4000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** A session whose lines and exit are collected; `next()` waits for the next line. */
async function open(
  client: BridgeClient,
  mode: string,
  extra: { env?: Record<string, string>; cwd?: string } = {},
) {
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  let exit: McpExit | undefined;
  let onExit: (e: McpExit) => void = () => {};
  const exited = new Promise<McpExit>((resolve) => {
    onExit = (e) => {
      exit = e;
      resolve(e);
      wake?.();
    };
  });
  const session = await openMcpSession(
    client,
    { command: process.execPath, args: ["server.mjs", mode], ...extra },
    {
      onLine: (l) => {
        lines.push(l);
        wake?.();
      },
      onExit,
    },
  );
  const next = async (ms = 5000): Promise<string> => {
    const deadline = Date.now() + ms;
    while (lines.length === 0 && !exit && Date.now() < deadline)
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 100);
      });
    const l = lines.shift();
    if (l === undefined) throw new Error(`no line (exit: ${JSON.stringify(exit)})`);
    return l;
  };
  return { session, next, exited };
}

before(async () => {
  b = await startBridgeProcess();
  c = await b.connect();
  copyFileSync(fixture, path.join(b.root, "server.mjs"));
  await c.fs.write({ path: "sub/.keep", content: "" });
});
after(() => b.stop());

test("mcp: a request line goes to stdin, the answer comes back as one line; cwd and env apply", async () => {
  const s = await open(c, "echo", { cwd: "sub", env: { MCP_TEST_VAR: "v1" } });
  assert.equal(s.session.sessionId.startsWith("mcp_"), true);
  const exit = await s.exited;
  assert.equal(exit.code, 1, "server.mjs is not in sub/: node fails, and says so on stderr");
  assert.match(exit.stderr, /Cannot find module/);

  const t = await open(c, "echo", { env: { MCP_TEST_VAR: "v1" } });
  const call = {
    jsonrpc: "2.0",
    id: 7,
    method: "tools/call",
    params: { name: "echo", arguments: { text: "hi" } },
  };
  assert.equal(await t.session.send(JSON.stringify(call)), true);
  const reply = JSON.parse(await t.next());
  assert.equal(reply.id, 7);
  assert.equal(reply.result.content[0].text, `echo: hi (cwd=${b.root} var=v1)`);
  await t.session.close();
  assert.ok(await gone(t.session.pid), "closing a session ends its process");
});

test("mcp: a crash is reported with its exit code and the end of stderr", async () => {
  const s = await open(c, "crash");
  const exit = await s.exited;
  assert.equal(exit.code, 3);
  assert.equal(exit.error, null);
  assert.match(exit.stderr, /boom: MCP_TEST_TOKEN is not set/);
});

test("mcp (attacker): a stdout line over 1 MiB ends the session instead of being buffered", async () => {
  const s = await open(c, "huge-line");
  const exit = await s.exited;
  assert.match(exit.error ?? "", /stdout line is over 1048576 bytes/);
  assert.ok(await gone(s.session.pid));
});

test("mcp (attacker): the command and its arguments are words, never shell", async () => {
  const s = await open(c, "echo");
  await s.session.close();
  const exits: McpExit[] = [];
  await openMcpSession(
    c,
    { command: "touch pwned-by-command; true", args: ["$(touch pwned-by-arg)"] },
    { onLine: () => {}, onExit: (e) => exits.push(e) },
  );
  const deadline = Date.now() + 4000;
  while (exits.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(exits[0]?.code, 127, "no such command");
  assert.equal(existsSync(path.join(b.root, "pwned-by-command")), false);
  assert.equal(existsSync(path.join(b.root, "pwned-by-arg")), false);
});

test("mcp (attacker): sends are checked: one line, a known session, a confined cwd", async () => {
  const s = await open(c, "silent");
  await assert.rejects(s.session.send('{"a":1}\n{"b":2}'), (e) => code(e) === "EINVAL");
  await assert.rejects(c.mcp.send({ sessionId: "mcp_nope", message: "{}" }), (e) => code(e) === "ENOENT");
  await assert.rejects(
    c.mcp.spawn({ command: process.execPath, cwd: "../.." }),
    (e) => code(e) === "EOUTSIDE",
  );
  await s.session.close();
});

test("mcp: at most 32 sessions per connection, and all end with the connection", async () => {
  const own = await b.connect();
  const quiet = { onLine: () => {}, onExit: () => {} };
  const sessions = [];
  // `cat` is a server that never answers, and light enough to start 32 of.
  for (let i = 0; i < MAX_MCP_SESSIONS; i++)
    sessions.push(await openMcpSession(own, { command: "cat" }, quiet));
  await assert.rejects(openMcpSession(own, { command: "cat" }, quiet), (e) => code(e) === "EBUSY");
  own.close();
  for (const s of sessions) assert.ok(await gone(s.pid), "disconnect ends every session");
  // Another connection was never limited by this one.
  const other = await open(c, "silent");
  await other.session.close();
});
