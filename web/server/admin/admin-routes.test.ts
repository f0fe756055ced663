// The admin API from the attacker's side first: every admin route answers a signed-out visitor and
// a normal account exactly like a missing route (404), whatever the method; then who is an
// administrator, and what each admin action really does (quotas change claims, another user's
// workspace stops and is deleted, a disabled account loses its session, its workspace-origin
// access — HTTP and an open WebSocket through a real bridge — and its sign-in), all audited.
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import { repoRoot } from "../../testing/web-server.fixture";
import type { HostBridge } from "../agent/host-bridge.fixture";
import { callRoute, installFakeRuntime, setupAppEnv, userWithWorkspace } from "../http/routes.fixture";

const adminApi = path.join(repoRoot, "web/app/api/admin");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every web/app/api/admin/** route, as callRoute names it ("admin/users/[id]"). */
function adminRoutes(dir = adminApi): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return adminRoutes(p);
    return name === "route.ts" ? [path.relative(path.join(repoRoot, "web/app/api"), dir)] : [];
  });
}

let env: { cleanup: () => void };
let bridge: HostBridge;
const calls: { stop: string[]; remove: string[] } = { stop: [], remove: [] };
const who = { first: "", boss: "", eve: "", mallory: "" } as Record<
  "first" | "boss" | "eve" | "mallory",
  string
>;
const ids = { first: "", boss: "", eve: "", mallory: "" } as Record<keyof typeof who, string>;

const json = async (res: Response) => ({ status: res.status, body: await res.json() });
const as = (cookie: string) => ({
  call: (
    route: string,
    method: (typeof METHODS)[number],
    opts: { params?: Record<string, string>; body?: unknown } = {},
  ) => callRoute(route, method, { cookie, ...opts }).then(json),
});

before(async () => {
  env = await setupAppEnv({
    KALPANA_ADMINS: "Boss@Example.com",
    KALPANA_LOCAL_SIGNIN: "1",
    KALPANA_MAX_RUNNING_PER_USER: "3",
  });
  const { startHostBridge } = await import("../agent/host-bridge.fixture");
  bridge = await startHostBridge();
  installFakeRuntime(() => ({ host: "127.0.0.1", bridgePort: Number(new URL(bridge.url).port) }), {
    stop: async (id: string) => void calls.stop.push(id),
    remove: async (id: string) => void calls.remove.push(id),
    nodeName: async () => "node-1",
    stats: async () => ({ cpuPercent: 12.5, memoryMb: 300 }),
  });
  // The first account is the built-in administrator; accounts are created in this order.
  for (const name of ["first", "boss", "eve", "mallory"] as const) {
    const u = await userWithWorkspace(name, bridge.secret);
    who[name] = u.cookie;
    ids[name] = u.userId;
  }
});

after(async () => {
  await bridge?.stop();
  await (await import("../db/client")).db().$disconnect();
  env?.cleanup();
});

test("every admin route answers 404 to a signed-out visitor and to a normal account", async () => {
  const routes = adminRoutes();
  assert.ok(routes.length >= 6, routes.join(", "));
  const { importRoute } = await import("../http/routes.fixture");
  let probed = 0;
  for (const route of routes) {
    const mod = await importRoute(route);
    for (const method of METHODS) {
      if (!mod[method]) continue;
      const params = { id: ids.first };
      for (const cookie of [undefined, who.eve]) {
        const body = method === "GET" ? undefined : { disabled: true, perUser: 1 };
        const res = await callRoute(route, method, { cookie, params, body });
        const text = await res.text();
        assert.equal(res.status, 404, `${method} ${route} as ${cookie ? "eve" : "nobody"}: ${text}`);
        assert.deepEqual(JSON.parse(text), { error: { code: "not_found", message: "Not found" } });
        probed++;
      }
    }
  }
  assert.ok(probed >= 18, `probed ${probed}`);
  // Nothing happened: the first account is not disabled, quotas are unchanged.
  const users = await as(who.first).call("admin/users", "GET");
  assert.equal(users.body.users.find((u: { id: string }) => u.id === ids.first).disabledAt, null);
});

test("the first account and KALPANA_ADMINS emails are administrators; a later account is not", async () => {
  for (const cookie of [who.first, who.boss])
    assert.equal((await as(cookie).call("admin/users", "GET")).status, 200);
  assert.equal((await as(who.mallory).call("admin/users", "GET")).status, 404);
  const { body } = await as(who.boss).call("admin/users", "GET");
  const admin = Object.fromEntries(
    body.users.map((u: { email: string; admin: boolean }) => [u.email, u.admin]),
  );
  assert.deepEqual(admin, {
    "first@example.com": true,
    "boss@example.com": true,
    "eve@example.com": false,
    "mallory@example.com": false,
  });
  assert.ok(
    body.users.every((u: { workspaces: number; running: number }) => u.workspaces === 1 && u.running === 1),
  );
});

test("the workspace list shows every user's workspaces with owner, node and resource use", async () => {
  const { status, body } = await as(who.first).call("admin/workspaces", "GET");
  assert.equal(status, 200);
  assert.equal(body.workspaces.length, 4);
  const eve = body.workspaces.find((w: { owner: { email: string } }) => w.owner.email === "eve@example.com");
  assert.equal(eve.status, "RUNNING");
  assert.equal(eve.node, "node-1");
  assert.deepEqual(eve.usage, { cpuPercent: 12.5, memoryMb: 300 });
  assert.ok(!JSON.stringify(body).includes("bridgeSecret"));
});

test("quota settings override the environment in claimStart, and clearing them restores it", async () => {
  const { db } = await import("../db/client");
  const { encryptSecret } = await import("../crypto");
  const { claimStart } = await import("../workspaces/quota");
  const userId = ids.mallory; // has 1 RUNNING workspace; the environment allows 3
  const extra = await Promise.all(
    ["m2", "m3"].map((name) =>
      db().workspace.create({
        data: {
          userId,
          name,
          template: "node",
          bridgeSecret: encryptSecret("x"),
          memoryMb: 256,
          cpus: 1,
          pidsLimit: 64,
        },
      }),
    ),
  );
  const set = await as(who.first).call("admin/quotas", "PUT", { body: { perUser: 1 } });
  assert.equal(set.status, 200);
  assert.deepEqual(set.body.quotas.effective, { perUser: 1, total: 20 });
  await assert.rejects(claimStart(userId, extra[0]!.id), /limit is 1/);
  assert.equal((await as(who.first).call("admin/quotas", "PUT", { body: { perUser: 0 } })).status, 400);
  const cleared = await as(who.first).call("admin/quotas", "PUT", { body: { perUser: null } });
  assert.deepEqual(cleared.body.quotas.effective, { perUser: 3, total: 20 });
  assert.equal((await claimStart(userId, extra[0]!.id))?.status, "STARTING");
  // The total counts everyone: 5 live now; a total of 5 refuses the next.
  await as(who.first).call("admin/quotas", "PUT", { body: { total: 5 } });
  await assert.rejects(claimStart(userId, extra[1]!.id), /as many workspaces as it can/);
  await as(who.first).call("admin/quotas", "PUT", { body: { total: null } });
  await db().workspace.deleteMany({ where: { id: { in: extra.map((w) => w.id) } } });
  const trail = await fetchAudit(`action=admin.quota-set&actor=${ids.first}`);
  assert.deepEqual(
    trail.map((e) => e.summary),
    [
      "per user default, total default",
      "per user default, total 5",
      "per user default, total default",
      "per user 1, total default",
    ],
  );
});

test("an administrator stops and deletes another user's workspace; both are audited", async () => {
  const { db } = await import("../db/client");
  const w = await db().workspace.findFirstOrThrow({ where: { userId: ids.mallory, status: "RUNNING" } });
  const stop = await as(who.boss).call("admin/workspaces/[id]/stop", "POST", { params: { id: w.id } });
  assert.equal(stop.status, 200);
  assert.ok(calls.stop.includes(w.id));
  const after = await db().workspace.findUniqueOrThrow({ where: { id: w.id } });
  assert.equal(after.status, "STOPPED");
  assert.equal(after.statusMessage, "Stopped by an administrator.");
  const del = await as(who.boss).call("admin/workspaces/[id]", "DELETE", { params: { id: w.id } });
  assert.equal(del.status, 200);
  assert.ok(calls.remove.includes(w.id));
  assert.equal(await db().workspace.findUnique({ where: { id: w.id } }), null);
  assert.equal(
    (await as(who.boss).call("admin/workspaces/[id]", "DELETE", { params: { id: w.id } })).status,
    404,
  );

  const q = (s: Record<string, string>) => fetchAudit(new URLSearchParams(s).toString());
  const admin = await q({ actor: ids.boss, action: "admin." });
  assert.deepEqual(
    admin.map((e) => [e.action, e.workspaceId, e.actorEmail]),
    [
      ["admin.workspace-delete", w.id, "boss@example.com"],
      ["admin.workspace-stop", w.id, "boss@example.com"],
    ],
  );
  const owner = await q({ workspace: w.id, actor: ids.mallory });
  assert.deepEqual(
    owner.map((e) => e.action).filter((a) => a !== "workspace.create"),
    ["workspace.delete", "workspace.stop"],
  );
  assert.match(owner.find((e) => e.action === "workspace.stop")!.summary, /Stopped by an administrator/);
  assert.deepEqual(await q({ workspace: w.id, to: "2000-01-01T00:00:00Z" }), []);
  assert.equal(
    (await q({ workspace: w.id, from: new Date(Date.now() - 60_000).toISOString() })).length >= 3,
    true,
  );
  const bad = await callRouteWithQuery("from=yesterday");
  assert.equal(bad.status, 400);
});

// GET with a query string (callRoute builds the URL without one).
async function callRouteWithQuery(query: string): Promise<Response> {
  const { importRoute } = await import("../http/routes.fixture");
  const mod = await importRoute("admin/audit");
  return mod.GET!(
    new Request(`http://localhost/api/admin/audit?${query}`, { headers: { cookie: who.first } }),
    { params: Promise.resolve({}) },
  );
}
async function fetchAudit(
  query: string,
): Promise<{ action: string; workspaceId: string | null; actorEmail: string | null; summary: string }[]> {
  const res = await callRouteWithQuery(query);
  assert.equal(res.status, 200);
  return ((await res.json()) as { events: never[] }).events;
}

/** A workspace origin for eve's workspace, served by the real handlers in this process. */
async function startOrigin(): Promise<Server> {
  const { handleWorkspaceRequest, handleWorkspaceUpgrade } = await import("../proxy/workspace-origin");
  const server = createServer((req, res) => {
    void handleWorkspaceRequest(req, res, host);
  });
  server.on("upgrade", (req, socket, head) => void handleWorkspaceUpgrade(req, socket, head, host));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return server;
}
let host: { kind: "preview"; id: string; port: number };

/** A dev server "inside" eve's workspace (the host bridge relays localhost:<port>). */
async function startDevServer(): Promise<Server> {
  const s = createServer((req, res) => res.end(`dev ${req.url}`));
  s.on("upgrade", (_req, socket) => {
    socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
    socket.on("data", (d) => socket.write(`echo:${d}`));
  });
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return s;
}

function get(
  port: number,
  p: string,
  cookie?: string,
): Promise<{ status: number; body: string; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: p,
        headers: { accept: "application/json", ...(cookie ? { cookie } : {}) },
      },
      (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body, setCookie: res.headers["set-cookie"] ?? [] }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** Opens a WebSocket-style upgrade through the origin; resolves with the open socket. */
function openSocket(port: number, cookie: string, origin: string) {
  return new Promise<import("node:net").Socket>((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port,
      path: "/ws",
      headers: { connection: "Upgrade", upgrade: "websocket", origin, cookie },
    });
    req.on("upgrade", (_res, socket) => resolve(socket));
    req.on("response", (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
    req.on("error", reject);
    req.end();
  });
}

test("disabling a user ends their session, workspace-origin access and open sockets at once, and blocks sign-in", async () => {
  const { db } = await import("../db/client");
  const { config } = await import("../config");
  const { mintGrant } = await import("../proxy/grants");
  const { getSessionWithId } = await import("../auth/session");
  const { previewOrigin } = await import("../origins");
  const w = await db().workspace.findFirstOrThrow({ where: { userId: ids.eve } });
  const dev = await startDevServer();
  host = { kind: "preview", id: w.id, port: (dev.address() as AddressInfo).port };
  const origin = await startOrigin();
  const originPort = (origin.address() as AddressInfo).port;
  try {
    // Eve opens her preview the way the browser does: a grant for her session, redeemed for a cookie.
    const s = await getSessionWithId(new Headers({ cookie: who.eve }));
    assert.ok(s);
    const grant = mintGrant(
      config().authSecret,
      { sessionId: s.sessionId, userId: ids.eve },
      {
        workspaceId: w.id,
        port: host.port,
      },
    );
    const redeemed = await get(originPort, `/__kalpana/auth?grant=${encodeURIComponent(grant)}&next=/hello`);
    assert.equal(redeemed.status, 302);
    const cookie = redeemed.setCookie.map((c) => c.split(";")[0]).join("; ");
    assert.deepEqual(await get(originPort, "/hello", cookie).then((r) => [r.status, r.body]), [
      200,
      "dev /hello",
    ]);
    const socket = await openSocket(originPort, cookie, previewOrigin(config().origins, w.id, host.port));
    const closed = new Promise<number>((r) => socket.once("close", () => r(Date.now())));
    socket.resume();
    assert.equal((await as(who.eve).call("me", "GET")).status, 200);

    // Eve cannot disable anyone; the administrator cannot disable themselves.
    assert.equal(
      (
        await as(who.eve).call("admin/users/[id]", "PATCH", {
          params: { id: ids.first },
          body: { disabled: true },
        })
      ).status,
      404,
    );
    assert.equal(
      (
        await as(who.first).call("admin/users/[id]", "PATCH", {
          params: { id: ids.first },
          body: { disabled: true },
        })
      ).status,
      400,
    );

    const at = Date.now();
    const res = await as(who.first).call("admin/users/[id]", "PATCH", {
      params: { id: ids.eve },
      body: { disabled: true },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    // At once: no waiting for better-auth's cookie cache, the origin's memory or the socket sweep.
    assert.equal((await as(who.eve).call("me", "GET")).status, 401);
    assert.equal((await get(originPort, "/hello", cookie)).status, 401);
    assert.ok((await closed) - at < 2000, "the open socket was closed by the disable, not the 5 s sweep");
    // Her workspace stopped, with the reason.
    const stopped = await db().workspace.findUniqueOrThrow({ where: { id: w.id } });
    assert.equal(stopped.status, "STOPPED");
    assert.match(stopped.statusMessage ?? "", /disabled by an administrator/);
    assert.equal(await db().session.count({ where: { userId: ids.eve } }), 0);

    // Signing in again is refused (and recorded); re-enabled, it works.
    const signIn = () =>
      callRoute("auth/[...all]", "POST", {
        params: { all: "sign-in/email" },
        body: { email: "eve@example.com", password: "correct-horse-battery" },
        headers: { origin: "http://kalpana.localhost:3000" },
      });
    const refused = await signIn();
    assert.equal(refused.status, 403, await refused.text());
    assert.equal(await db().session.count({ where: { userId: ids.eve } }), 0);
    const trail = await fetchAudit(`actor=${ids.first}&action=admin.user-disable`);
    assert.equal(trail.length, 1);
    assert.match(trail[0]!.summary, /^eve@example.com: 1 session\(s\) ended, 1 workspace\(s\) stopping$/);

    assert.equal(
      (
        await as(who.boss).call("admin/users/[id]", "PATCH", {
          params: { id: ids.eve },
          body: { disabled: false },
        })
      ).status,
      200,
    );
    const again = await signIn();
    assert.equal(again.status, 200, await again.text());
    assert.equal((await fetchAudit(`action=admin.user-enable`)).length, 1);
  } finally {
    origin.close();
    dev.close();
  }
});

test("KALPANA_ADMINS is a list of emails; anything else stops startup naming the variable", async () => {
  const { parseConfig } = await import("../config");
  const base = {
    BETTER_AUTH_SECRET: "x".repeat(32),
    KALPANA_ENCRYPTION_KEY: Buffer.alloc(32).toString("base64"),
  };
  assert.deepEqual(parseConfig({ ...base, KALPANA_ADMINS: " A@x.io, b@Y.io ,," }).KALPANA_ADMINS, [
    "a@x.io",
    "b@y.io",
  ]);
  assert.throws(() => parseConfig({ ...base, KALPANA_ADMINS: "a@x.io,root" }), /KALPANA_ADMINS/);
});
