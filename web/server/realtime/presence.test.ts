// Presence over a real socket.io connection with a real session: joining a workspace's room (what
// the dashboard does) is not activity; a workspace tab in front is, until it goes to the background.
import assert from "node:assert/strict";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import { setupDomainEnv, type TestEnv, waitFor } from "../workspaces/test-env.fixture";

let env: TestEnv;
let http: HttpServer;
let url = "";
let cookie = "";
let m: { io: typeof import("./io"); db: typeof import("../db/client") };
let mine = "";
let theirs = "";

before(async () => {
  env = setupDomainEnv();
  m = { io: await import("./io"), db: await import("../db/client") };
  const { auth } = await import("../auth/auth");
  const res = await auth().api.signUpEmail({
    body: { email: "presence@example.com", password: "presence-password", name: "P" },
    asResponse: true,
  });
  cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const me = await m.db.db().user.findUniqueOrThrow({ where: { email: "presence@example.com" } });
  const other = await m.db.db().user.create({ data: { id: "u-other", name: "O", email: "o@example.com" } });
  const row = (userId: string, name: string) => ({
    userId,
    name,
    template: "node",
    bridgeSecret: "x",
    memoryMb: 768,
    cpus: 1,
    pidsLimit: 256,
  });
  mine = (await m.db.db().workspace.create({ data: row(me.id, "mine") })).id;
  theirs = (await m.db.db().workspace.create({ data: row(other.id, "theirs") })).id;
  http = createServer();
  m.io.attachRealtime(http, "http://kalpana.localhost:3000");
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((r) => http?.close(r));
  env?.cleanup();
});

async function client(): Promise<Socket> {
  const s = connect(url, { path: "/socket.io/", extraHeaders: { cookie }, transports: ["websocket"] });
  await new Promise<void>((resolve, reject) => {
    s.once("connect", resolve);
    s.once("connect_error", reject);
  });
  return s;
}

const join = (s: Socket, id: string) =>
  new Promise<{ ok: boolean }>((r) => s.emit("workspace:join", { id }, r));

test("only a workspace tab in front counts as activity", async () => {
  const dashboard = await client();
  const tab = await client();
  try {
    assert.deepEqual(await join(dashboard, mine), { ok: true });
    assert.deepEqual(await join(tab, mine), { ok: true });
    assert.equal(m.io.activeTabs(mine), 0, "joined rooms alone are not activity");

    tab.emit("workspace:presence", { id: mine, active: true });
    await waitFor(
      async () => m.io.activeTabs(mine),
      (n) => n === 1,
      5_000,
    );
    tab.emit("workspace:presence", { id: mine, active: false });
    await waitFor(
      async () => m.io.activeTabs(mine),
      (n) => n === 0,
      5_000,
    );

    // Presence for a room never joined (someone else's workspace) is ignored.
    assert.deepEqual(await join(tab, theirs), { ok: false, error: "not found" });
    tab.emit("workspace:presence", { id: theirs, active: true });
    tab.emit("workspace:presence", { id: mine, active: "yes" });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(m.io.activeTabs(theirs), 0);
    assert.equal(m.io.activeTabs(mine), 0, "malformed presence is ignored");

    tab.emit("workspace:presence", { id: mine, active: true });
    await waitFor(
      async () => m.io.activeTabs(mine),
      (n) => n === 1,
      5_000,
    );
    tab.disconnect();
    await waitFor(
      async () => m.io.activeTabs(mine),
      (n) => n === 0,
      5_000,
    );
  } finally {
    dashboard.disconnect();
    tab.disconnect();
  }
});

test("a handshake from another origin (a workspace's preview page, say) is refused", async () => {
  for (const origin of ["http://3000--cabc.kalpana.localhost:3000", "http://evil.example", "null"]) {
    const s = connect(url, {
      path: "/socket.io/",
      extraHeaders: { cookie, origin },
      transports: ["websocket"],
      reconnection: false,
    });
    const outcome = await new Promise<string>((resolve) => {
      s.once("connect", () => resolve("connected"));
      s.once("connect_error", (e) => resolve(`refused: ${e.message}`));
    });
    s.close();
    assert.match(outcome, /^refused/, origin);
  }
});
