import assert from "node:assert/strict";
import { test } from "node:test";
import {
  chooseNode,
  LABEL_NODE,
  type SwarmNode,
  type SwarmService,
  type SwarmTask,
  stuckPending,
  toEndpoint,
  toInstanceState,
} from "./tasks";

const node = (
  id: string,
  host: string,
  o: { state?: string; availability?: string; pool?: boolean } = {},
): SwarmNode => ({
  ID: id,
  Description: { Hostname: host },
  Spec: {
    Labels: o.pool === false ? {} : { "kalpana.pool": "ws" },
    Availability: o.availability ?? "active",
  },
  Status: { State: o.state ?? "ready", Addr: `10.0.0.${id.length}` },
});
const service = (nodeId: string, replicas = 0): SwarmService => ({
  ID: `svc-${nodeId}`,
  Spec: {
    Name: "kalpana-ws-w1",
    Labels: { [LABEL_NODE]: nodeId, "kalpana.owner": "u1" },
    Mode: { Replicated: { Replicas: replicas } },
    TaskTemplate: { Resources: { Limits: { MemoryBytes: 2048 * 1024 * 1024 } } },
  },
});

test("placement: the fewest pinned workspaces among ready, active pool nodes; ties by hostname", () => {
  const nodes = [node("a", "ks-mgr"), node("bb", "ks-w1"), node("ccc", "ks-w2")];
  assert.equal(chooseNode(nodes, [])?.ID, "a");
  assert.equal(chooseNode(nodes, [service("a")])?.ID, "bb", "a pinned service counts even while stopped");
  assert.equal(chooseNode(nodes, [service("a"), service("bb")])?.ID, "ccc");
  const unusable = [
    node("a", "x", { state: "down" }),
    node("bb", "y", { availability: "drain" }),
    node("ccc", "z", { pool: false }),
  ];
  assert.equal(chooseNode(unusable, []), null);
});

test("state from tasks: running, stopped with its exit code, and a node that is down", () => {
  const running: SwarmTask = {
    ID: "t2",
    NodeID: "a",
    CreatedAt: "2026-12-03T10:00:02Z",
    Status: {
      State: "running",
      Timestamp: "2026-12-03T10:00:03Z",
      ContainerStatus: { ContainerID: "c2" },
      PortStatus: { Ports: [{ TargetPort: 3001, PublishedPort: 30123 }] },
    },
  };
  const old: SwarmTask = {
    ID: "t1",
    CreatedAt: "2026-12-03T09:00:00Z",
    Status: {
      State: "shutdown",
      Timestamp: "2026-12-03T09:30:00Z",
      ContainerStatus: { ContainerID: "c1", ExitCode: 0 },
    },
  };
  const up = node("a", "ks-w1");
  const s = toInstanceState(service("a", 1), "w1", [old, running], up);
  assert.equal(s.running, true);
  assert.equal(s.containerId, "c2");
  assert.equal(s.memoryMb, 2048);
  assert.equal(s.ownerId, "u1");
  assert.equal(s.node, "ks-w1", "the admin view shows each workspace's own node");
  assert.deepEqual(toEndpoint(running, up, 3001), { host: "10.0.0.1", bridgePort: 30123 });
  assert.equal(toEndpoint(running, undefined, 3001), null, "no node address, no endpoint");

  const stopped = toInstanceState(service("a", 0), "w1", [old], up);
  assert.equal(stopped.running, false);
  assert.equal(stopped.exitCode, 0);
  assert.equal(stopped.error, null);

  const lost = node("a", "ks-w1", { state: "down" });
  const stale = toInstanceState(service("a", 1), "w1", [old, running], lost);
  assert.equal(stale.running, false, "a task on a node that is down still reads running: not believed");
  assert.match(String(stale.error), /its machine is unavailable/);
  assert.equal(toEndpoint(running, lost, 3001), null);
  const down = toInstanceState(service("a", 1), "w1", [old], lost);
  assert.equal(down.running, false);
  assert.equal(down.state, "unavailable");
  assert.match(String(down.error), /its machine is unavailable \(node ks-w1\)/);
});

test("a task Swarm is bringing up (after its node came back) is restarting, not stopped; stopped and down ones are not", () => {
  const old: SwarmTask = {
    ID: "t1",
    NodeID: "a",
    DesiredState: "shutdown",
    CreatedAt: "2026-12-03T09:00:00Z",
    Status: { State: "shutdown", ContainerStatus: { ContainerID: "c1", ExitCode: 137 } },
  };
  const pending: SwarmTask = {
    ID: "t2",
    DesiredState: "running",
    CreatedAt: "2026-12-03T10:00:00Z",
    Status: { State: "pending", Timestamp: "2026-12-03T10:00:00Z" },
  };
  const up = node("a", "ks-w1");
  const back = toInstanceState(service("a", 1), "w1", [old, pending], up);
  assert.equal(back.running, false);
  assert.equal(back.restarting, true);
  assert.equal(back.unavailable, false);
  assert.equal(toInstanceState(service("a", 1), "w1", [old], up).restarting, false, "nothing under way");
  assert.equal(toInstanceState(service("a", 0), "w1", [old], up).restarting, false, "stopped");
  const lost = toInstanceState(service("a", 1), "w1", [old, pending], node("a", "ks-w1", { state: "down" }));
  assert.equal(lost.restarting, false, "its node is down: unavailable instead");
  assert.equal(lost.unavailable, true);
});

test("a task pending too long on a node that is up is stuck; one under way, too young or on a down node is not", () => {
  const now = Date.parse("2026-12-03T10:00:20Z");
  const pending = (at: string): SwarmTask => ({ ID: "p", Status: { State: "pending", Timestamp: at } });
  const old = pending("2026-12-03T10:00:00Z");
  const up = node("a", "ks-w1");
  assert.equal(stuckPending(service("a", 1), [old], up, now), true);
  assert.equal(stuckPending(service("a", 1), [pending("2026-12-03T10:00:15Z")], up, now), false, "too young");
  assert.equal(stuckPending(service("a", 0), [old], up, now), false, "stopped");
  assert.equal(stuckPending(service("a", 1), [old], node("a", "ks-w1", { state: "down" }), now), false);
  const preparing: SwarmTask = { ID: "q", Status: { State: "preparing" } };
  assert.equal(stuckPending(service("a", 1), [old, preparing], up, now), false, "another task is under way");
});
