// The reconciler and a machine that goes away and comes back (Swarm), against a runtime that only
// answers what the test says: the row says "its machine is unavailable" as soon as the runtime
// reports a node change, keeps saying so while the platform brings a new task up (not STOPPED),
// and is RUNNING again without the message once the endpoint is there.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setProcessSlot } from "../process-state";
import type { Endpoint, InstanceState } from "../runtime/runtime";
import { setupDomainEnv, type TestEnv, waitFor } from "./test-env.fixture";

let env: TestEnv;
let id = "";
let now: Partial<InstanceState> = { running: true };
let endpoint: Endpoint | null = { host: "10.0.0.2", bridgePort: 30001 };
let nodeChanged: (() => void) | null = null;

const state = (): InstanceState => ({
  workspaceId: id,
  ownerId: "u1",
  containerId: "c1",
  running: false,
  state: "running",
  exitCode: null,
  oomKilled: false,
  error: null,
  memoryMb: 512,
  startedAt: null,
  finishedAt: null,
  ...now,
});

before(async () => {
  env = setupDomainEnv();
  setProcessSlot("runtime", {
    inspect: async () => state(),
    endpoint: async () => endpoint,
    list: async () => [state()],
    stop: async () => undefined,
    watchNodes: (onChange: () => void) => {
      nodeChanged = onChange;
      return () => {
        nodeChanged = null;
      };
    },
  });
  const { db } = await import("../db/client");
  await db().user.create({ data: { id: "u1", name: "U", email: "u@example.com" } });
  const w = await db().workspace.create({
    data: {
      userId: "u1",
      name: "away",
      template: "node",
      bridgeSecret: "x",
      memoryMb: 512,
      cpus: 1,
      pidsLimit: 64,
      status: "RUNNING",
      ports: { bridge: 30001 },
    },
  });
  id = w.id;
});

after(async () => {
  setProcessSlot("runtime", undefined);
  const { disconnectDb } = await import("../db/client");
  await disconnectDb();
  env?.cleanup();
});

test("node down → unavailable at once; a task on its way back is not STOPPED; running → message cleared", async () => {
  const { startReconciler, MACHINE_UNAVAILABLE } = await import("./reconcile");
  const { findWorkspace } = await import("../db/workspaces");
  const row = () => findWorkspace(id).then((w) => w!);
  const stop = startReconciler(3_600_000); // one pass now; later ones only when a node changes
  try {
    await waitFor(row, (w) => w.status === "RUNNING");
    assert.ok(nodeChanged, "the reconciler watches the runtime's nodes");

    now = { running: false, state: "unavailable", unavailable: true, error: "its machine is unavailable" };
    endpoint = null;
    nodeChanged!();
    const down = await waitFor(row, (w) => w.statusMessage === MACHINE_UNAVAILABLE, 5_000);
    assert.equal(down.status, "RUNNING");

    // The node is back; Swarm's new task is pending: neither running nor stopped.
    now = { running: false, state: "pending", restarting: true };
    nodeChanged!();
    await new Promise((r) => setTimeout(r, 300));
    const coming = await row();
    assert.equal(coming.status, "RUNNING", "not marked STOPPED while the platform brings it back");
    assert.equal(coming.statusMessage, MACHINE_UNAVAILABLE);

    now = { running: true, state: "running" };
    endpoint = { host: "10.0.0.2", bridgePort: 30777 };
    nodeChanged!();
    const back = await waitFor(row, (w) => w.statusMessage === null, 5_000);
    assert.equal(back.status, "RUNNING");
    assert.deepEqual(back.ports, { bridge: 30777 }, "the new task's port is read");
  } finally {
    stop();
  }
  assert.equal(nodeChanged, null, "stopping the reconciler stops the watch");
});
