// The Swarm runtime against a REAL 3-node Swarm on this machine (scripts/testing/swarm-cluster.sh:
// three dockerds in network namespaces, a registry, the real workspace image pushed to it): creates
// spread over the nodes, the bridge answers on a worker with the files put in, stop/start keeps them,
// a worker's engine killed → "its machine is unavailable" → back with its data, one workspace cannot
// reach another on any node, delete purges the volumes on their node; each workspace has its own
// size-limited disk (a full one is ENOSPC for it alone, on a worker too), container stats come from
// the nodes, and volumes left without a service on a worker are listed and purged (orphans). Runs
// in the "alone" suite: the cluster adds network namespaces and its own engines.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { test } from "node:test";
import { connectBridge } from "@kalpana/bridge/client";
import type Docker from "dockerode";
import { dockerAvailable } from "../../../testing/docker.fixture";
import { waitFor } from "../../workspaces/test-env.fixture";
import { diskImagePath } from "../docker/disks";
import { CLUSTER_SCRIPT, SWARM_IMAGE, swarmClusterFor, tearDownSwarmCluster } from "./swarm-cluster.fixture";
import { SwarmRuntime } from "./swarm-runtime";
import { LABEL_NODE, type SwarmNode } from "./tasks";

const enabled = (dockerAvailable() && process.getuid?.() === 0) || Boolean(process.env.CI);
const IMAGE = SWARM_IMAGE;
const SECRET_PATH = "/etc/kalpana/bridge.secret";
let env: Record<string, string> = {};
let rt: SwarmRuntime;
let docker: Docker;
const ids = [0, 1, 2].map(() => `swt${randomBytes(4).toString("hex")}`);
const secrets = new Map(ids.map((id) => [id, randomBytes(24).toString("hex")]));

const nodeDocker = (name: string) => cluster.node(name);

// 64 MiB disks in the cluster's disk folder (on the host's disk; `down` releases what is left).
// Their links in the cluster's link folder (the nodes' /run/kalpana-disks: `down` removes it).
const disk = { gib: 64 / 1024, dir: "", linkDir: "" };
let flat: SwarmRuntime; // disks off: for the timing comparison

const cluster = swarmClusterFor(enabled, (c) => {
  env = c.env;
  docker = c.manager;
  disk.dir = env.KALPANA_DISK_DIR!;
  disk.linkDir = env.KALPANA_DISK_LINK_DIR!;
  rt = new SwarmRuntime(docker, env.KALPANA_REGISTRY, env.KALPANA_SWARM_NODE_SOCKET, () => disk);
  flat = new SwarmRuntime(docker, env.KALPANA_REGISTRY, env.KALPANA_SWARM_NODE_SOCKET, () => ({
    gib: 0,
    dir: disk.dir,
    linkDir: disk.linkDir,
  }));
});
tearDownSwarmCluster(enabled);

const hostOf = async (id: string) => {
  const nodeId = (await docker.getService(`kalpana-ws-${id}`).inspect()).Spec.Labels[LABEL_NODE];
  return ((await docker.getNode(nodeId).inspect()) as { Description: { Hostname: string } }).Description
    .Hostname;
};

const specFor = (workspaceId: string) => ({
  workspaceId,
  ownerId: "u1",
  image: IMAGE,
  memoryMb: 768,
  cpus: 1,
  pidsLimit: 512,
  env: { KALPANA_NIX_STUB: "1" },
  labels: { "kalpana.test": "1" },
});

const progress = new Map<string, string[]>();
async function startWorkspace(id: string, on = rt): Promise<void> {
  const seen = progress.get(id) ?? [];
  progress.set(id, seen);
  const waiting = { onProgress: (m: string) => seen.push(m) };
  await on.putFiles(
    id,
    [
      { path: SECRET_PATH, content: `${secrets.get(id)}\n`, mode: 0o400 },
      { path: "/home/coder/.kalpana/put.txt", content: `put into ${id}\n` },
    ],
    ["/home/coder/.kalpana/env"],
  );
  await on.start(id, waiting);
}

async function bridgeOf(id: string) {
  const ep = await rt.endpoint(id);
  assert.ok(ep, `${id} has an endpoint`);
  return connectBridge(`http://${ep.host}:${ep.bridgePort}`, secrets.get(id)!);
}

async function run(id: string, command: string) {
  const b = await bridgeOf(id);
  try {
    const r = await b.exec.run({ command, timeoutMs: 20_000 });
    return { code: r.exitCode, out: r.output.map((c) => c.data).join("") };
  } finally {
    b.close();
  }
}

test("creates spread over the nodes; the bridge answers on each with the files put in", {
  skip: !enabled,
  timeout: 600_000,
}, async () => {
  assert.equal(await rt.hasImage(IMAGE), true, "the manager finds the image in the registry");
  for (const id of ids) {
    await rt.create(specFor(id));
  }
  const nodes = await Promise.all(
    ids.map(async (id) => (await docker.getService(`kalpana-ws-${id}`).inspect()).Spec.Labels[LABEL_NODE]),
  );
  assert.equal(new Set(nodes).size, 3, `one workspace per node: ${nodes.join(", ")}`);
  await Promise.all(ids.map((id) => startWorkspace(id)));
  for (const id of ids) {
    const s = await rt.inspect(id);
    assert.equal(s?.running, true, `${id} runs`);
    const r = await run(
      id,
      "cat /home/coder/.kalpana/put.txt; id -u; test -d /home/coder/.kalpana/env && echo dir",
    );
    assert.equal(r.out, `put into ${id}\n1000\ndir\n`);
  }
  // The nodes start with no image: the first job on each pulled it, and said so.
  for (const id of ids) {
    const seen = progress.get(id)!;
    assert.match(seen[0] ?? "", /^Pulling the workspace image on ks-/, seen.join(" | "));
    assert.match(seen.at(-1) ?? "", /^Image pulled on ks-[a-z0-9]+ in \d+ s$/, seen.join(" | "));
  }
  // Logs come from the task on its node, through the manager.
  assert.match(await rt.logs(ids[0]!), /\S/, "the workspace's logs are readable");
  // The secret is a Swarm secret: not in the service's env or labels.
  const spec = JSON.stringify((await docker.getService(`kalpana-ws-${ids[0]}`).inspect()).Spec);
  assert.ok(!spec.includes(secrets.get(ids[0]!)!), "the bridge secret is not in the service spec");
  // The node socket is for Kalpana's own jobs: a workspace mounts its volumes and a tmpfs, nothing else.
  for (const id of ids) {
    const s = await docker.getService(`kalpana-ws-${id}`).inspect();
    const mounts = s.Spec.TaskTemplate.ContainerSpec.Mounts as { Type: string; Source: string }[];
    assert.deepEqual(mounts.map((m) => m.Type).sort(), ["tmpfs", "volume", "volume", "volume"]);
    assert.ok(!JSON.stringify(s.Spec).includes(env.KALPANA_SWARM_NODE_SOCKET!), "no node socket");
  }
});

test("one workspace cannot reach another's bridge on its own node or on another node", {
  skip: !enabled,
  timeout: 120_000,
}, async () => {
  for (const from of ids) {
    for (const to of ids) {
      if (from === to) continue;
      const ep = await rt.endpoint(to);
      const probe = `node -e 'const s=require("net").connect(${ep!.bridgePort},"${ep!.host}");s.setTimeout(3000);s.on("connect",()=>{console.log("OPEN");process.exit(0)});s.on("error",e=>{console.log(e.code);process.exit(0)});s.on("timeout",()=>{console.log("TIMEOUT");process.exit(0)})'`;
      const r = await run(from, probe);
      assert.notEqual(r.out.trim(), "OPEN", `${from} reached ${to} at ${ep!.host}:${ep!.bridgePort}`);
    }
  }
});

test("stop and start keep the files; the port is looked up again", {
  skip: !enabled,
  timeout: 300_000,
}, async () => {
  const id = ids[1]!;
  assert.equal((await run(id, "echo kept > /workspace/keep.txt")).code, 0);
  // A file only another workspace has: a wrong loop device would show it here.
  assert.equal((await run(ids[0]!, `echo ${ids[0]} > /workspace/only-${ids[0]}`)).code, 0);
  // The workspace's own processes put a folder where the control plane's file goes: the entrypoint
  // writes the file all the same on the next start.
  assert.equal((await run(id, "rm -f ~/.kalpana/put.txt && mkdir -p ~/.kalpana/put.txt/in")).code, 0);
  await rt.stop(id, 5);
  assert.equal((await rt.inspect(id))?.running, false);
  assert.equal(await rt.endpoint(id), null);
  // As after the node's reboot: the link folder is a tmpfs, emptied (the other workspaces keep
  // running: their mounts need no link). The same files as before and the same node: the start runs
  // no node job (start-plan.ts), so the task fails to mount, and the disk check runs then, before
  // Swarm's retry; it makes the folder and links again.
  rmSync(disk.linkDir, { recursive: true, force: true });
  const spec = (await docker.getService(`kalpana-ws-${id}`).inspect()).Spec;
  const labels = spec.Labels;
  const configs = (spec.TaskTemplate.ContainerSpec.Configs ?? []) as {
    ConfigName: string;
    File: { Name: string };
  }[];
  assert.deepEqual(
    configs.map((c) => c.File.Name),
    ["/etc/kalpana/put"],
    "the files for the volumes: one config, the entrypoint writes them out",
  );
  assert.match(configs[0]!.ConfigName, new RegExp(`^kalpana-put-${id}-[0-9a-f]{16}$`));
  assert.match(labels["kalpana.disks-node"] ?? "", /^\d+$/, "so is the node's version at the disk check");
  await startWorkspace(id);
  assert.equal((await run(id, "cat /workspace/keep.txt")).out, "kept\n");
  assert.equal((await run(id, `ls /workspace/only-${ids[0]} 2>&1; true`)).out.includes("No such file"), true);
  assert.equal((await run(id, "cat /home/coder/.kalpana/put.txt")).out, `put into ${id}\n`);

  // Swarm restarts the task on its own (restart policy) with the links gone, as after a node reboot:
  // the mount fails (no wrong disk), and the reconcile path (repair()) runs the disk check for it.
  rmSync(disk.linkDir, { recursive: true, force: true });
  const task = (
    await docker.listTasks({ filters: { service: [`kalpana-ws-${id}`], "desired-state": ["running"] } })
  )[0] as {
    Status: { ContainerStatus: { ContainerID: string } };
  };
  await nodeDocker((await hostOf(id)).replace(/^ks-/, ""))
    .getContainer(task.Status.ContainerStatus.ContainerID)
    .kill()
    .catch(() => undefined);
  const deadline = Date.now() + 120_000;
  let failedMount = false;
  for (;;) {
    const tasks = (await docker.listTasks({ filters: { service: [`kalpana-ws-${id}`] } })) as {
      Status?: { State?: string; Err?: string };
    }[];
    failedMount ||= tasks.some(
      (t) => /mount/i.test(t.Status?.Err ?? "") && /no such file/i.test(t.Status?.Err ?? ""),
    );
    await rt.repair(); // what the reconciler does every 30 s
    if ((await rt.endpoint(id).catch(() => null)) && (await rt.inspect(id))?.running) {
      const r = await run(id, "cat /workspace/keep.txt").catch(() => null);
      if (r?.out === "kept\n") break;
    }
    assert.ok(Date.now() < deadline, "the restarted task came back with its own disk");
    await new Promise((res) => setTimeout(res, 1000));
  }
  assert.ok(failedMount, "the restart without links failed to mount first");
  assert.equal((await run(id, `ls /workspace/only-${ids[0]} 2>&1; true`)).out.includes("No such file"), true);
});

test("a worker's engine dies: its machine is unavailable; one of its workspaces is deleted meanwhile, the other returns with its data", {
  skip: !enabled,
  timeout: 400_000,
}, async () => {
  // Two more workspaces: with one pinned per node so far, the 4th goes to ks-mgr, the 5th to ks-w1.
  const extra = [0, 1].map(() => `swt${randomBytes(4).toString("hex")}`);
  for (const id of extra) {
    secrets.set(id, randomBytes(24).toString("hex"));
    await rt.create(specFor(id));
  }
  assert.equal(await hostOf(extra[1]!), "ks-w1");
  const onW1 = [];
  for (const id of [...ids, ...extra]) if ((await hostOf(id)) === "ks-w1") onW1.push(id);
  const [keep, doomed] = [onW1[0]!, extra[1]!];
  await startWorkspace(doomed);
  assert.equal((await run(keep, "echo survived > /workspace/data.txt")).code, 0);
  const w1 = nodeDocker("w1");
  const doomedVolumes = async () =>
    ((await w1.listVolumes({ filters: { label: [`kalpana.workspace=${doomed}`] } })).Volumes ?? []).length;
  assert.equal(await doomedVolumes(), 3);

  execFileSync("bash", [CLUSTER_SCRIPT, "kill-node", "ks-w1"]);
  const down = await waitFor(
    () => rt.inspect(keep),
    (s) => s?.unavailable === true,
    60_000,
  );
  assert.equal(down?.running, false);
  assert.match(String(down?.error), /its machine is unavailable \(node ks-w1\)/);
  assert.equal(await rt.endpoint(keep), null);
  await assert.rejects(rt.start(keep), /its machine is unavailable/);
  await rt.remove(doomed, { volumes: true });
  assert.equal(await rt.inspect(doomed), null, "deleted while its machine is down");

  execFileSync("bash", [CLUSTER_SCRIPT, "revive-node", "ks-w1"], { stdio: "inherit" });
  // A listing (the admin page's) only reads: with the node ready again, the purge that waited for it
  // is still to run.
  await waitFor(
    async () => ((await docker.listNodes()) as SwarmNode[]).find((n) => n.Description?.Hostname === "ks-w1"),
    (n) => n?.Status?.State === "ready",
    60_000,
  );
  await rt.list();
  assert.ok((await doomedVolumes()) > 0, "list() purged");
  // The engine restarted without live-restore (Swarm refuses it): it stopped the old container and
  // Swarm starts a new task, on a new port; for a moment the manager still shows the old one.
  const back = await waitFor(
    async () => {
      await rt.repair(); // what the reconciler does every 30 s
      return run(keep, "cat /workspace/data.txt").catch((e: Error) => ({ code: -1, out: e.message }));
    },
    (r) => r.code === 0,
    180_000,
  );
  assert.equal(back.out, "survived\n");
  assert.equal((await rt.inspect(keep))?.running, true);
  // The reconciler's repair() runs the purge that waited for the node.
  await waitFor(
    async () => {
      await rt.repair();
      return doomedVolumes();
    },
    (n) => n === 0,
    120_000,
  );
  await rt.remove(extra[0]!, { volumes: true });
});

test("delete purges the volumes on their node", { skip: !enabled, timeout: 300_000 }, async () => {
  const id = ids[2]!;
  const nodeId = (await docker.getService(`kalpana-ws-${id}`).inspect()).Spec.Labels[LABEL_NODE];
  const host = ((await docker.getNode(nodeId).inspect()) as { Description: { Hostname: string } }).Description
    .Hostname;
  const on = nodeDocker(host.replace(/^ks-/, ""));
  const volumes = async () =>
    ((await on.listVolumes({ filters: { label: [`kalpana.workspace=${id}`] } })).Volumes ?? []).map(
      (v) => v.Name,
    );
  assert.equal((await volumes()).length, 3);
  await rt.remove(id, { volumes: true });
  assert.equal(await rt.inspect(id), null);
  assert.deepEqual(await volumes(), []);
  const left = await docker.listSecrets({ filters: { label: [`kalpana.workspace=${id}`] } });
  assert.deepEqual(left, [], "its secrets are gone too");
  const configs = await docker.listConfigs({ filters: { label: [`kalpana.workspace=${id}`] } });
  assert.deepEqual(configs, [], "and its put configs");
});

/** The running workspaces left by the tests above, one on a worker first. */
async function runningPair(): Promise<[string, string]> {
  const up: { id: string; host: string }[] = [];
  for (const id of ids)
    if ((await rt.inspect(id).catch(() => null))?.running) up.push({ id, host: await hostOf(id) });
  up.sort((a, b) => Number(a.host === "ks-mgr") - Number(b.host === "ks-mgr"));
  assert.ok(up.length >= 2 && up[0]!.host !== "ks-mgr", JSON.stringify(up));
  return [up[0]!.id, up[1]!.id];
}

test("a workspace on a worker fills its disk: ENOSPC for it alone; the node's disk and another workspace keep their space", {
  skip: !enabled,
  timeout: 180_000,
}, async () => {
  const [a, b] = await runningPair();
  const size = Number((await run(a, "df -k --output=size /workspace | tail -1")).out.trim());
  assert.ok(size > 40_000 && size < 70_000, `a 64 MiB filesystem, got ${size} KiB`);
  assert.equal((await run(a, "echo keep-me > /workspace/notes.txt")).code, 0);
  // A real process of the workspace user writes until the kernel refuses.
  assert.match((await run(a, "head -c 200M /dev/zero > /workspace/big; echo rc=$?")).out, /rc=1/);
  const err = await run(a, "{ head -c 64K /dev/zero > /workspace/x; } 2>&1; true");
  assert.match(err.out, /No space left on device/);
  // The reconciler's "disk is full" check reads it from the node (df inside, as the workspace user).
  const usage = await rt.diskUsage(a);
  assert.ok(usage && usage.totalBytes - usage.usedBytes < 16 * 2 ** 20, `full: ${JSON.stringify(usage)}`);
  // The node's disk paid at most A's image, not the 200 MiB asked for.
  const used = statSync(diskImagePath(disk, a, "workspace")).blocks * 512;
  assert.ok(used <= 64 * 2 ** 20 && used > 40 * 2 ** 20, `A's image holds ${used >> 20} MiB`);
  const other = await run(b, "head -c 10M /dev/zero > /workspace/ten && sync && stat -c %s /workspace/ten");
  assert.equal(other.out.trim(), String(10 * 2 ** 20), "another workspace still writes");
  assert.equal((await run(a, "rm /workspace/big /workspace/x; cat /workspace/notes.txt")).out, "keep-me\n");
});

test("container stats come from the workspace's node, one job per node for many callers", {
  skip: !enabled,
  timeout: 120_000,
}, async () => {
  const [a, b] = await runningPair();
  const [sa, sb] = await Promise.all([rt.stats(a), rt.stats(b)]);
  assert.ok(sa && sa.memoryMb > 5, `stats of ${a}: ${JSON.stringify(sa)}`);
  assert.ok(sb && sb.memoryMb > 5, `stats of ${b}: ${JSON.stringify(sb)}`);
  const t0 = Date.now();
  const again = await rt.stats(a);
  assert.ok(Date.now() - t0 < 1000, `cached: ${Date.now() - t0} ms`);
  assert.deepEqual(again, sa);
  assert.equal(await rt.stats("swtnosuchws"), null);
});

test("disks off: plain volumes; start of a stopped workspace with disks on and off (timings)", {
  skip: !enabled,
  timeout: 300_000,
}, async (t) => {
  const flatId = `swt${randomBytes(4).toString("hex")}`;
  secrets.set(flatId, randomBytes(24).toString("hex"));
  await flat.create(specFor(flatId));
  await startWorkspace(flatId, flat);
  const [a] = await runningPair();
  const timed = async (id: string, on: SwarmRuntime) => {
    await on.stop(id, 2);
    const t0 = Date.now();
    await startWorkspace(id, on);
    return Date.now() - t0;
  };
  // One of each (CI time): the figures in docs/SCALING.md are p50s of more.
  const on = await timed(a, rt);
  const off = await timed(flatId, flat);
  t.diagnostic(`putFiles + start of a stopped workspace: disks on ${on} ms, off ${off} ms`);
  // Disks off: a plain volume on the node's own disk (far more than 64 MiB), no disk image.
  const size = Number((await run(flatId, "df -k --output=size /workspace | tail -1")).out.trim());
  assert.ok(size > 1024 * 1024, `the node's disk, got ${size} KiB`);
  assert.equal(existsSync(diskImagePath(disk, flatId, "workspace")), false);
  assert.equal((await run(a, "cat /workspace/notes.txt")).out, "keep-me\n");
  await flat.remove(flatId, { volumes: true });
});

test("volumes a workspace left on a worker without its service are listed there and purged (orphans)", {
  skip: !enabled,
  timeout: 300_000,
}, async () => {
  // Placed on a worker: the manager leaves the pool for this create (running tasks are not moved).
  const managerNode = (...args: string[]) =>
    execFileSync("docker", ["node", "update", ...args, "ks-mgr"], {
      env: { ...process.env, DOCKER_HOST: env.DOCKER_HOST },
    });
  const id = `swt${randomBytes(4).toString("hex")}`;
  managerNode("--label-rm", "kalpana.pool");
  try {
    await rt.create(specFor(id));
  } finally {
    managerNode("--label-add", "kalpana.pool=ws");
  }
  const host = await hostOf(id);
  assert.notEqual(host, "ks-mgr");
  const nodeId = (await docker.getService(`kalpana-ws-${id}`).inspect()).Spec.Labels[LABEL_NODE];
  await rt.putFiles(id, [{ path: "/workspace/left.txt", content: "left\n" }]);
  await rt.start(id); // makes the volumes there
  await rt.stop(id, 5);
  await rt.remove(id); // the service only, as a crash between the removal steps leaves it
  const on = nodeDocker(host.replace(/^ks-/, ""));
  const volumes = async () =>
    ((await on.listVolumes({ filters: { label: [`kalpana.workspace=${id}`] } })).Volumes ?? []).length;
  assert.equal(await volumes(), 3);
  assert.equal(
    (await docker.listVolumes({ filters: { label: [`kalpana.workspace=${id}`] } })).Volumes?.length ?? 0,
    0,
    "the manager does not see them",
  );

  const listed = (await rt.listVolumes({ "kalpana.test": "1" })).filter((v) => v.workspaceId === id);
  assert.deepEqual(listed.map((v) => v.name).sort(), [
    `kalpana-${id}-home`,
    `kalpana-${id}-nix`,
    `kalpana-${id}-workspace`,
  ]);
  assert.ok(
    listed.every((v) => v.node === nodeId),
    JSON.stringify(listed),
  );
  assert.ok(existsSync(diskImagePath(disk, id, "workspace")));
  // What the admin's orphan clean-up calls (workspaces/reconcile.ts removeOrphan).
  await rt.remove(id, { volumes: true });
  assert.equal(await volumes(), 0);
  assert.deepEqual(
    readdirSync(disk.dir).filter((f) => f.includes(id)),
    [],
    "its disk images are gone",
  );
  assert.doesNotMatch(execFileSync("losetup", ["-a"], { encoding: "utf8" }), new RegExp(id));
  // Every node job (with the node socket) is gone once it has answered.
  assert.deepEqual(await docker.listServices({ filters: { label: ["kalpana.node-job"] } }), []);
});
