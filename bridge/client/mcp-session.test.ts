// The web server's side of MCP sessions against a hostile bridge (a fake socket the test drives):
// malformed events, events for other sessions, a flood past the per-session cap, a lost connection.
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { test } from "node:test";
import type { BridgeClient } from "./client";
import { type McpExit, openMcpSession } from "./mcp-session";

function fakeClient() {
  const socket = new EventEmitter();
  const closed: string[] = [];
  let n = 0;
  const client = {
    socket,
    mcp: {
      spawn: async () => ({ sessionId: `s${++n}`, pid: 100 + n }),
      send: async () => ({ sent: true }),
      close: async ({ sessionId }: { sessionId: string }) => {
        closed.push(sessionId);
        return { closed: true };
      },
    },
  } as unknown as BridgeClient;
  return { client, socket, closed };
}

async function session(client: BridgeClient) {
  const lines: string[] = [];
  const exits: McpExit[] = [];
  const s = await openMcpSession(
    client,
    { command: "x" },
    { onLine: (l) => lines.push(l), onExit: (e) => exits.push(e) },
  );
  return { s, lines, exits };
}

test("mcp client (attacker): malformed events and other sessions' events are dropped", async () => {
  const { client, socket } = fakeClient();
  const a = await session(client);
  const b = await session(client);
  for (const bad of [
    null,
    "x",
    42,
    { sessionId: 1, line: "x" },
    { sessionId: "s1" },
    { sessionId: "s1", line: 7 },
  ])
    socket.emit("mcp:message", bad);
  socket.emit("mcp:exit", { sessionId: "s1", code: "0" });
  socket.emit("mcp:message", { sessionId: "nope", line: "{}" });
  socket.emit("mcp:message", { sessionId: "s2", line: '{"for":"b"}' });
  socket.emit("mcp:message", { sessionId: "s1", line: '{"for":"a"}' });
  assert.deepEqual(a.lines, ['{"for":"a"}']);
  assert.deepEqual(b.lines, ['{"for":"b"}']);
  assert.deepEqual(a.exits, []);
  socket.emit("mcp:exit", { sessionId: "s1", code: 0, signal: null, error: null, stderr: "" });
  socket.emit("mcp:exit", { sessionId: "s1", code: 0, signal: null, error: null, stderr: "" });
  socket.emit("mcp:message", { sessionId: "s1", line: "late" });
  assert.equal(a.exits.length, 1, "one exit, nothing after it");
  assert.deepEqual(a.lines, ['{"for":"a"}']);
});

test("mcp client (attacker): a session that sends more than 64 MiB is ended and closed", async () => {
  const { client, socket, closed } = fakeClient();
  const a = await session(client);
  const mib = "x".repeat(1024 * 1024);
  for (let i = 0; i < 70; i++) socket.emit("mcp:message", { sessionId: "s1", line: mib });
  assert.equal(a.lines.length, 64);
  assert.match(a.exits[0]?.error ?? "", /sent too much/);
  assert.deepEqual(closed, ["s1"]);
});

test("mcp client: a lost connection ends every session once; close() ends it as closed", async () => {
  const { client, socket } = fakeClient();
  const a = await session(client);
  const b = await session(client);
  await b.s.close();
  assert.equal(b.exits[0]?.error, "closed");
  socket.emit("disconnect");
  assert.equal(a.exits[0]?.error, "bridge connection lost");
  assert.equal(b.exits.length, 1);
});
