// Path mode (KALPANA_UNSAFE_SAME_ORIGIN_IDE=1) reaches a workspace where the Runtime says it
// answers (workspaces/bridge.ts bridgeEntry), never at a port remembered in the database: the row's
// `ports` point at a decoy that must see no connection. A real bridge process relays to a stand-in
// code-server on its unix socket; the session and ownership checks are the real ones.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { type AddressInfo, createServer as createTcpServer } from "node:net";
import { after, before, test } from "node:test";
import type { BridgeProcess } from "../../../bridge/server/bridge.fixture";
import { startBridgeProcessIn } from "../../../bridge/server/upstream.fixture";
import { installFakeRuntime, type RouteUser, setupAppEnv, userWithWorkspace } from "../http/routes.fixture";

let env: Awaited<ReturnType<typeof setupAppEnv>>;
let bridge: BridgeProcess;
let ide: Server;
let app: Server;
let base = "";
let decoyConnections = 0;
const decoy = createTcpServer((s) => {
  decoyConnections++;
  s.destroy();
});
let ada: RouteUser;
let eve: RouteUser;

before(async () => {
  env = await setupAppEnv({ KALPANA_UNSAFE_SAME_ORIGIN_IDE: "1" });
  ({ bridge, ide } = await startBridgeProcessIn(
    createServer((req, res) => res.end(`code-server saw ${req.url}`)),
  ));
  installFakeRuntime(() => ({ host: "127.0.0.1", bridgePort: bridge.port }));
  ada = await userWithWorkspace("ada", bridge.secret);
  eve = await userWithWorkspace("eve", bridge.secret);
  await new Promise<void>((r) => decoy.listen(0, "127.0.0.1", r));
  const { db } = await import("../db/client");
  const stale = { bridge: (decoy.address() as AddressInfo).port };
  await db().workspace.updateMany({ data: { ports: stale } });
  const { handleIdeRequest } = await import("./ide-proxy");
  app = createServer((req, res) => {
    if (!handleIdeRequest(req, res)) res.writeHead(418).end();
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});

after(async () => {
  const { closeSharedBridge } = await import("../workspaces/bridge");
  for (const u of [ada, eve]) if (u) closeSharedBridge(u.workspaceId);
  app?.close();
  ide?.close();
  decoy.close();
  await bridge?.stop();
  await (await import("../db/client")).disconnectDb();
  env?.cleanup();
});

const get = (path: string, cookie?: string) =>
  fetch(`${base}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });

test("the IDE is reached at the Runtime's endpoint, not at the ports stored in the row", async () => {
  const res = await get(`/w/${ada.workspaceId}/ide/static/app.js?v=1`, ada.cookie);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), "code-server saw /static/app.js?v=1");
  assert.equal(decoyConnections, 0, "nothing dialled the port stored in the database");
});

test("someone else's workspace is not found, and signed out is refused, before anything is dialled", async () => {
  const theirs = await get(`/w/${ada.workspaceId}/ide/`, eve.cookie);
  assert.equal(theirs.status, 404);
  const anonymous = await get(`/w/${ada.workspaceId}/ide/`);
  assert.equal(anonymous.status, 401);
  assert.equal(decoyConnections, 0);
});
