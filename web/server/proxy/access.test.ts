// Who reaches a workspace through the proxy, decided by the one ownership query (db/workspaces.ts
// findOwned): on a workspace origin (origin-access.ts lookUp: access-cookie claims) and in path mode
// (access.ts checkAccess: the app's session cookie). Real better-auth sessions on a migrated SQLite.
import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { after, before, test } from "node:test";
import { setupAppEnv, signUp } from "../http/routes.fixture";

let env: Awaited<ReturnType<typeof setupAppEnv>>;
let m: {
  db: typeof import("../db/client");
  access: typeof import("./access");
  origin: typeof import("./origin-access");
};
type Person = { cookie: string; userId: string; sessionId: string; workspaceId: string };
let ada: Person;
let eve: Person;

async function person(name: string): Promise<Person> {
  const { cookie, userId } = await signUp(`${name}@example.com`);
  const db = m.db.db();
  const session = await db.session.findFirstOrThrow({ where: { userId } });
  const w = await db.workspace.create({
    data: {
      userId,
      name,
      template: "node",
      status: "RUNNING",
      bridgeSecret: "v1:x",
      memoryMb: 256,
      cpus: 1,
      pidsLimit: 64,
    },
  });
  return { cookie, userId, sessionId: session.id, workspaceId: w.id };
}

const claims = (p: Person, workspaceId = p.workspaceId) => ({
  s: p.sessionId,
  u: p.userId,
  w: workspaceId,
  p: 0,
  e: Date.now() + 60_000,
});
const request = (cookie?: string) => ({ headers: cookie ? { cookie } : {} }) as IncomingMessage;

before(async () => {
  env = await setupAppEnv();
  m = {
    db: await import("../db/client"),
    access: await import("./access"),
    origin: await import("./origin-access"),
  };
  ada = await person("ada");
  eve = await person("eve");
});
after(async () => {
  await m?.db.db().$disconnect();
  env?.cleanup();
});

test("workspace origin: the owner of a RUNNING workspace is let in; someone else's is not found", async () => {
  assert.equal((await m.origin.lookUp(claims(ada))).kind, "ok");
  // Eve's own, valid session naming Ada's workspace: answered exactly like a missing workspace.
  assert.deepEqual(await m.origin.lookUp(claims(eve, ada.workspaceId)), { kind: "not_found" });
  assert.deepEqual(await m.origin.lookUp(claims(eve, "no-such-workspace")), { kind: "not_found" });
  // Claims naming Ada's session as Eve: the session is not hers.
  assert.deepEqual(await m.origin.lookUp({ ...claims(ada), u: eve.userId }), { kind: "unauthenticated" });
});

test("workspace origin: an expired or deleted session ends access; a stopped workspace says so", async () => {
  const later = Date.now() + 365 * 24 * 3600_000;
  assert.deepEqual(await m.origin.lookUp(claims(ada), later), { kind: "unauthenticated" });
  await m.db.db().workspace.update({
    where: { id: ada.workspaceId },
    data: { status: "STOPPED", statusMessage: "Stopped" },
  });
  const stopped = await m.origin.lookUp(claims(ada));
  assert.equal(stopped.kind, "not_running");
  assert.equal(stopped.kind === "not_running" && stopped.status, "STOPPED");
  await m.db.db().workspace.update({ where: { id: ada.workspaceId }, data: { status: "RUNNING" } });
});

test("path mode: the session cookie's owner gets in; another user's workspace is not found", async () => {
  assert.deepEqual(await m.access.checkAccess(request(ada.cookie), ada.workspaceId), { kind: "ok" });
  assert.deepEqual(await m.access.checkAccess(request(eve.cookie), ada.workspaceId), { kind: "not_found" });
  assert.deepEqual(await m.access.checkAccess(request(), ada.workspaceId), { kind: "unauthenticated" });
  await m.db.db().workspace.update({ where: { id: eve.workspaceId }, data: { status: "STARTING" } });
  const starting = await m.access.checkAccess(request(eve.cookie), eve.workspaceId);
  assert.equal(starting.kind === "not_running" && starting.status, "STARTING");
});

test("a deleted session ends workspace-origin access at the next look-up", async () => {
  await m.db.db().session.delete({ where: { id: eve.sessionId } });
  assert.deepEqual(await m.origin.lookUp(claims(eve)), { kind: "unauthenticated" });
});
