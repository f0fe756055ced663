// The authenticated front, attacked from the network: a real bridge process in front of a stand-in
// code-server on a unix socket and a dev server on a loopback port. Without the secret nothing but an
// empty /healthz answers; with it, HTTP and WebSocket reach the right upstream.
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { UPSTREAM_ERROR_HEADER, UPSTREAM_SECRET_HEADER, UPSTREAM_TARGET_HEADER } from "../protocol/index";
import type { BridgeProcess } from "./bridge.fixture";
import { startBridgeProcessIn } from "./upstream.fixture";

let b: BridgeProcess;
let ide: Server;
let dev: Server;
let devPort: number;

/** Answers with what it saw, and upgrades anything to a line-echo "WebSocket". */
function echoServer(name: string): Server {
  const s = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json", "set-cookie": "x=1" });
    res.end(JSON.stringify({ name, url: req.url, headers: req.headers }));
  });
  s.on("upgrade", (_req, socket) => {
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Name: ${name}\r\n\r\n`,
    );
    socket.on("data", (d) => socket.write(`${name}:${d}`));
  });
  return s;
}

before(async () => {
  ({ bridge: b, ide } = await startBridgeProcessIn(echoServer("ide")));
  dev = echoServer("dev").listen(0, "127.0.0.1");
  await once(dev, "listening");
  devPort = (dev.address() as AddressInfo).port;
});
after(async () => {
  await b.stop();
  ide.close();
  dev.close();
});

/** node:http rather than fetch: fetch will not send a Host of our choosing. */
function get(headers: Record<string, string>, url = "/x?y=1") {
  return new Promise<{ status: number; headers: Map<string, string>; text: string }>((resolve, reject) => {
    const u = new URL(b.url);
    const req = request({ host: u.hostname, port: u.port, path: url, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => {
        const h = new Map(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
        resolve({ status: res.statusCode ?? 0, headers: h, text });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

test("healthz says nothing: no version, no uptime", async () => {
  const r = await get({}, "/healthz");
  assert.equal(r.status, 200);
  assert.equal(r.text, '{"ok":true}');
});

test("no secret, a wrong secret, or a secret without a target: nothing reaches code-server", async () => {
  assert.equal((await get({ [UPSTREAM_TARGET_HEADER]: "ide" })).status, 401);
  assert.equal(
    (await get({ [UPSTREAM_TARGET_HEADER]: "ide", [UPSTREAM_SECRET_HEADER]: "nope" })).status,
    401,
  );
  assert.equal((await get({ [UPSTREAM_TARGET_HEADER]: `port:${devPort}` })).status, 401);
  assert.equal((await get({ [UPSTREAM_SECRET_HEADER]: b.secret })).status, 400);
  for (const bad of ["port:0", "port:70000", "port:-1", "port:1e3", "ide2", "unix:/etc/passwd"])
    assert.equal(
      (await get({ [UPSTREAM_SECRET_HEADER]: b.secret, [UPSTREAM_TARGET_HEADER]: bad })).status,
      400,
      bad,
    );
  // The plain paths of code-server are not served without the front's headers either.
  assert.equal((await get({}, "/")).status, 404);
});

test("with the secret: ide → the unix socket, port:N → the dev server; our headers never pass on", async () => {
  const ideRes = await get({
    [UPSTREAM_SECRET_HEADER]: b.secret,
    [UPSTREAM_TARGET_HEADER]: "ide",
    host: "ws.example",
  });
  assert.equal(ideRes.status, 200);
  const seen = JSON.parse(ideRes.text) as { name: string; url: string; headers: Record<string, string> };
  assert.equal(seen.name, "ide");
  assert.equal(seen.url, "/x?y=1");
  assert.equal(seen.headers.host, "ws.example", "Host is kept (code-server checks Origin against it)");
  assert.equal(seen.headers[UPSTREAM_SECRET_HEADER], undefined);
  assert.equal(seen.headers[UPSTREAM_TARGET_HEADER], undefined);
  const devRes = await get({
    [UPSTREAM_SECRET_HEADER]: b.secret,
    [UPSTREAM_TARGET_HEADER]: `port:${devPort}`,
  });
  assert.equal((JSON.parse(devRes.text) as { name: string }).name, "dev");
  assert.equal(devRes.headers.get("set-cookie"), "x=1");
});

test("nothing listening on a port: a 502 marked refused", async () => {
  const r = await get({ [UPSTREAM_SECRET_HEADER]: b.secret, [UPSTREAM_TARGET_HEADER]: "port:9" });
  assert.equal(r.status, 502);
  assert.equal(r.headers.get(UPSTREAM_ERROR_HEADER), "refused");
});

function upgrade(headers: Record<string, string>): Promise<{ status: number; echo?: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(b.url);
    const req = request({
      host: u.hostname,
      port: u.port,
      path: "/ws",
      headers: { connection: "Upgrade", upgrade: "websocket", ...headers },
    });
    req.on("upgrade", (res, socket) => {
      socket.write("hello");
      socket.once("data", (d) => {
        socket.destroy();
        resolve({ status: res.statusCode ?? 0, echo: String(d) });
      });
    });
    req.on("response", (res) => resolve({ status: res.statusCode ?? 0 }));
    req.on("error", reject);
    req.end();
  });
}

test("WebSocket upgrades: refused without the secret, relayed with it (ide and port)", async () => {
  assert.equal((await upgrade({ [UPSTREAM_TARGET_HEADER]: "ide" })).status, 401);
  assert.equal(
    (await upgrade({ [UPSTREAM_TARGET_HEADER]: "ide", [UPSTREAM_SECRET_HEADER]: "x" })).status,
    401,
  );
  // A bare upgrade (no front headers, not socket.io) gets the same answer: nothing.
  assert.equal((await upgrade({})).status, 401);
  const ideWs = await upgrade({ [UPSTREAM_SECRET_HEADER]: b.secret, [UPSTREAM_TARGET_HEADER]: "ide" });
  assert.deepEqual(ideWs, { status: 101, echo: "ide:hello" });
  const devWs = await upgrade({
    [UPSTREAM_SECRET_HEADER]: b.secret,
    [UPSTREAM_TARGET_HEADER]: `port:${devPort}`,
  });
  assert.deepEqual(devWs, { status: 101, echo: "dev:hello" });
});

test("the socket.io channel still works beside the front", async () => {
  const c = await b.connect();
  assert.equal((await c.fs.stat({ path: "." })).type, "dir");
  const { ports } = await c.ports.list({});
  assert.ok(Array.isArray(ports));
  c.close();
});
