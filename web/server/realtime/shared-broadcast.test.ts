// Two web processes on one PostgreSQL: a browser connected to this one receives the status events
// the other process publishes (through @socket.io/postgres-adapter), but not the other's stats
// (every process sends stats to its own sockets only, or a tab would get each one twice).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { io as connect } from "socket.io-client";
import { repoRoot } from "../../../scripts/repo-root";
import { postgresSkipReason } from "../../../scripts/testing/postgres.fixture";
import { postgresTestDb, type TestDb } from "../db/data-layer.fixture";
import { setupDomainEnv, type TestEnv, waitFor } from "../workspaces/test-env.fixture";

const skip = postgresSkipReason() ?? false;
let env: TestEnv;
let t: TestDb;
let http: HttpServer;
let io: { close: () => Promise<void> } | undefined;
let url = "";
let cookie = "";
let workspaceId = "";

before(async () => {
  if (skip) return;
  env = setupDomainEnv();
  t = await postgresTestDb();
  process.env.DATABASE_URL = t.url;
  const { attachRealtime } = await import("./io");
  const { db } = await import("../db/client");
  const { auth } = await import("../auth/auth");
  const res = await auth().api.signUpEmail({
    body: { email: "peer@example.com", password: "peer-password-1", name: "P" },
    asResponse: true,
  });
  cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const me = await db().user.findUniqueOrThrow({ where: { email: "peer@example.com" } });
  workspaceId = (
    await db().workspace.create({
      data: {
        userId: me.id,
        name: "w",
        template: "node",
        bridgeSecret: "x",
        memoryMb: 768,
        cpus: 1,
        pidsLimit: 256,
      },
    })
  ).id;
  http = createServer();
  io = attachRealtime(http, "http://kalpana.localhost:3000");
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

after(async () => {
  if (skip) return;
  await io?.close(); // closes the adapter (and its connections) and the http server
  const { disconnectDb } = await import("../db/client");
  await disconnectDb();
  await t?.close();
  env?.cleanup();
});

test("status events of another web process reach this process's sockets; its stats do not", {
  skip,
}, async () => {
  const s = connect(url, { path: "/socket.io/", extraHeaders: { cookie }, transports: ["websocket"] });
  const statuses: string[] = [];
  const stats: number[] = [];
  s.on("workspace:status", (p) => statuses.push(p.message ?? ""));
  s.on("workspace:stats", (p) => stats.push(p.memoryMb));
  await new Promise<void>((resolve, reject) => {
    s.once("connect", resolve);
    s.once("connect_error", reject);
  });
  assert.deepEqual(await new Promise((r) => s.emit("workspace:join", { id: workspaceId }, r)), { ok: true });
  const peer = spawn(
    process.execPath,
    ["--import", "tsx", "web/server/realtime/peer.fixture.ts", workspaceId],
    {
      cwd: repoRoot,
      env: { ...process.env },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  try {
    await waitFor(
      async () => statuses.length,
      (n) => n >= 3,
      30_000,
    );
    assert.match(statuses[0] ?? "", /^from the peer \d+$/);
    assert.deepEqual(stats, [], "the other process's stats reached this process's socket");
  } finally {
    peer.kill("SIGKILL");
    s.close();
  }
});
