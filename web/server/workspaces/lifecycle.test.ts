// Lifecycle against the real Docker engine, through the domain modules: create → RUNNING, a file
// written through the bridge survives stop/start, a reconciler after a "web restart" keeps RUNNING
// and re-reads ports, and `docker kill` from outside is noticed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { dockerAvailable, dockerCli } from "../../testing/docker.fixture";
import { setupDomainEnv, type TestEnv, waitFor } from "./test-env.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
let env: TestEnv;
let m: {
  lifecycle: typeof import("./lifecycle");
  store: typeof import("./store");
  bridge: typeof import("./bridge");
  reconcile: typeof import("./reconcile");
  idle: typeof import("./idle");
  activity: typeof import("./activity");
  runtime: typeof import("../runtime/index");
  db: typeof import("../db/client");
};
let userId = "";

before(async () => {
  if (!enabled) return;
  env = setupDomainEnv();
  m = {
    lifecycle: await import("./lifecycle"),
    store: await import("./store"),
    bridge: await import("./bridge"),
    reconcile: await import("./reconcile"),
    idle: await import("./idle"),
    activity: await import("./activity"),
    runtime: await import("../runtime/index"),
    db: await import("../db/client"),
  };
  userId = (await m.db.db().user.create({ data: { id: "u-life", name: "Life", email: "life@example.com" } }))
    .id;
});

after(async () => {
  if (enabled) env.cleanup();
});

const status = (id: string) => m.store.getOwned(userId, id);
const running = (id: string) =>
  waitFor(
    () => status(id),
    (w) => w.status === "RUNNING" || w.status === "ERROR",
    120_000,
  );

test("create → RUNNING, a file written through the bridge survives stop/start", {
  skip: !enabled,
}, async () => {
  const view = await m.lifecycle.createWorkspace(userId, { name: "persist", template: "node" });
  const w = await running(view.id);
  assert.equal(w.status, "RUNNING", w.statusMessage ?? "");
  assert.equal(w.phase, "ready");
  let bridge = await m.bridge.connectWorkspaceBridge(view.id);
  await bridge.fs.write({ path: "notes/hello.txt", content: "kept across restarts" });
  bridge.close();

  await m.lifecycle.stopWorkspaceById(view.id);
  assert.equal((await status(view.id)).status, "STOPPED");
  await m.lifecycle.startWorkspace(userId, view.id);
  assert.equal((await running(view.id)).status, "RUNNING");
  bridge = await m.bridge.connectWorkspaceBridge(view.id);
  const read = await bridge.fs.read({ path: "notes/hello.txt" });
  bridge.close();
  assert.equal(read.content, "kept across restarts");

  // Double clicks are harmless: start while RUNNING is a no-op, stop twice is fine.
  assert.equal((await m.lifecycle.startWorkspace(userId, view.id)).status, "RUNNING");
  await Promise.all([m.lifecycle.stopWorkspaceById(view.id), m.lifecycle.stopWorkspaceById(view.id)]);
  assert.equal((await status(view.id)).status, "STOPPED");
});

test("reconciler: RUNNING survives a restart with re-read ports; docker kill/OOM is noticed", {
  skip: !enabled,
}, async () => {
  const view = await m.lifecycle.createWorkspace(userId, { name: "reconcile", template: "node" });
  assert.equal((await running(view.id)).status, "RUNNING");
  // Simulate a Docker restart: the container restarts with new host ports while we are "down".
  const before = m.store.storedPorts(await status(view.id));
  dockerCli("restart", "-t", "1", `kalpana-ws-${view.id}`);
  await m.reconcile.reconcileOnce();
  const after = await status(view.id);
  assert.equal(after.status, "RUNNING");
  const live = JSON.parse(
    dockerCli("port", `kalpana-ws-${view.id}`, "3001/tcp").split("\n")[0]?.split(":").pop() ?? "0",
  );
  assert.equal(m.store.storedPorts(after)?.bridge, live);
  assert.ok(before);

  dockerCli("kill", `kalpana-ws-${view.id}`);
  await m.reconcile.reconcileOnce();
  const killed = await status(view.id);
  assert.ok(killed.status === "STOPPED" || killed.status === "ERROR", killed.status);

  const killedByMemory = {
    workspaceId: view.id,
    ownerId: userId,
    containerId: "x",
    running: false,
    state: "exited",
    exitCode: 137,
    oomKilled: true,
    error: null,
    memoryMb: 768,
    startedAt: null,
    finishedAt: null,
  };
  const reason = m.reconcile.exitReason(killedByMemory, 768);
  assert.equal(reason, "The workspace ran out of memory (limit 768 MiB) and was stopped.");
  // The flag stays set after a child process's OOM kill: a clean stop later is not "out of memory".
  const staleFlag = { ...killedByMemory, exitCode: 0 };
  assert.equal(m.reconcile.exitReason(staleFlag, 768), null);
  await m.lifecycle.deleteWorkspace(userId, view.id, "reconcile");
  assert.equal(dockerCli("ps", "-aq", "--filter", `label=kalpana.workspace=${view.id}`), "");
  assert.equal(dockerCli("volume", "ls", "-q", "--filter", `name=kalpana-${view.id}-`), "");
});

test("idle reaper: activity keeps a workspace, silence past the timeout stops it", {
  skip: !enabled,
}, async () => {
  const view = await m.lifecycle.createWorkspace(userId, { name: "idle", template: "node" });
  assert.equal((await running(view.id)).status, "RUNNING");
  const timeout = 60_000;
  m.activity.touchWorkspace(view.id);
  // Inside the warning window: still running (the room gets workspace:idle-warning).
  assert.deepEqual(await m.idle.reapIdle(Date.now() + timeout - 30_000, timeout), []);
  assert.equal((await status(view.id)).status, "RUNNING");
  const stopped = await m.idle.reapIdle(Date.now() + timeout + 1_000, timeout);
  assert.ok(stopped.includes(view.id));
  const w = await status(view.id);
  assert.equal(w.status, "STOPPED");
  assert.match(w.statusMessage ?? "", /without activity/);
});

test("a missing workspace image is a clear ERROR", { skip: !enabled }, async () => {
  await assert.rejects(
    m.runtime.runtime().create({
      workspaceId: "no-image",
      ownerId: userId,
      image: "kalpana/workspace:does-not-exist",
      memoryMb: 256,
      cpus: 1,
      pidsLimit: 256,
      env: {},
    }),
    /workspace image missing: run npm run images/,
  );
});

test("a broken Nix config is a warning, not a failure: RUNNING with the Nix log kept", {
  skip: !enabled,
}, async () => {
  const { startReport } = await import("./state");
  const view = await m.lifecycle.createWorkspace(userId, {
    name: "bad nix",
    nixConfig: "{ outputs = { self }: this is not nix",
    nixConfigKind: "flake",
  });
  const w = await running(view.id);
  assert.equal(w.status, "RUNNING", w.statusMessage ?? "");
  assert.match(w.statusMessage ?? "", /Nix environment failed/);
  const nix = startReport(view.id).find((p) => p.phase === "nix");
  assert.equal(nix?.status, "warning");
  assert.ok(nix?.lines.some((l) => /error/.test(l)));
  await m.lifecycle.deleteWorkspace(userId, view.id, "bad nix");
});
