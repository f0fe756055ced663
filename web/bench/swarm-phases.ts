// The two sides of `npm run bench:swarm`, each run by swarm.bench.ts in a process of its own:
//   --phase single   this host's Docker engine
//   --phase swarm    the 3-node Swarm the parent brought up (DOCKER_HOST = its manager)
// Both go through the real lifecycle with the reconciler running, as a web server does, and time what
// the person sees: the workspace's row (status, message) as the API returns it. Figures go to --out.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import Docker from "dockerode";
import { repoRoot } from "../../scripts/repo-root";
import { containerName } from "../server/runtime/docker/names";
import { LABEL_NODE, type SwarmNode, type SwarmTask } from "../server/runtime/swarm/tasks";
import { setupDomainEnv, waitFor } from "../server/workspaces/test-env.fixture";

/** What a phase measured (ms); the swarm-only figures are absent on the single side. */
export type PhaseFigures = {
  createMs: number[];
  startMs?: number[];
  firstCreateMs?: number;
  parallelMs?: number;
  parallelFailures?: number;
  spread?: Record<string, number>;
  nodeDownMs?: number | null;
  nodeBackMs?: number | null;
};

const ROUNDS = 5;
const PARALLEL = 12;
const DEAD_NODE = "ks-w1";
const CLUSTER_SCRIPT = path.join(repoRoot, "scripts/testing/swarm-cluster.sh");

const { values } = parseArgs({ options: { phase: { type: "string" }, out: { type: "string" } } });
const kind = values.phase;
if ((kind !== "single" && kind !== "swarm") || !values.out)
  throw new Error("usage: --phase single|swarm --out <file>");

// Quotas raised for the parallel round; small limits like the tests.
const env = setupDomainEnv({ KALPANA_MAX_RUNNING_PER_USER: "100", KALPANA_MAX_RUNNING_TOTAL: "100" });
for (const sig of ["SIGINT", "SIGTERM"] as const)
  process.once(sig, () => {
    try {
      env.cleanup();
    } catch (err) {
      console.log(`clean-up after ${sig}: ${(err as Error).message.split("\n")[0]}`);
    }
    process.exit(130);
  });
const { createWorkspace, startWorkspace, stopWorkspaceById, deleteWorkspace } = await import(
  "../server/workspaces/lifecycle"
);
const { getOwned } = await import("../server/workspaces/store");
const { MACHINE_UNAVAILABLE, startReconciler } = await import("../server/workspaces/reconcile");
const { config } = await import("../server/config");
const { db } = await import("../server/db/client");

const user = await db().user.create({ data: { id: "bench", name: "Bench", email: "bench@example.com" } });
const read = (id: string) => getOwned(user.id, id);
/** Polled every 50 ms (waitFor's 200 ms would add up to 0.2 s to every figure, on both sides). */
async function settled(id: string, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const w = await read(id);
    if (w.status === "RUNNING" || w.status === "ERROR") return w;
    if (Date.now() > deadline) throw new Error(`${id} still ${w.status} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const names = new Map<string, string>();

const loggedNull = (what: string) => (e: Error) => {
  console.log(`[${kind}] ${what}: ${e.message}`);
  return null;
};

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}

/** Create → RUNNING (or null on ERROR/timeout, with the reason logged). */
async function create(name: string): Promise<string | null> {
  const v = await createWorkspace(user.id, { name, template: "node" });
  names.set(v.id, name);
  const w = await settled(v.id).catch((e: Error) => ({ status: "TIMEOUT", statusMessage: e.message }));
  if (w.status === "RUNNING") return v.id;
  console.log(`${name}: ${w.status}: ${w.statusMessage}`);
  return null;
}

async function timedCreate(name: string): Promise<[number, string]> {
  const [ms, id] = await timed(() => create(name));
  if (!id) throw new Error(`${name} did not reach RUNNING`);
  return [ms, id];
}

const remove = (ids: string[]) =>
  Promise.all(
    ids.map((id) =>
      deleteWorkspace(user.id, id, names.get(id)!).catch((e: Error) =>
        console.log(`delete ${id}: ${e.message}`),
      ),
    ),
  );

/** ROUNDS creates one after another, each stopped once RUNNING. */
async function createRounds(
  explain?: (id: string) => Promise<string>,
): Promise<{ createMs: number[]; ids: string[] }> {
  const createMs: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const [ms, id] = await timedCreate(`create-${i}`);
    const [stopMs] = await timed(() => stopWorkspaceById(id));
    createMs.push(ms);
    ids.push(id);
    console.log(`[${kind}] create ${i}: ${ms.toFixed(0)} ms, stop ${stopMs.toFixed(0)} ms`);
    if (explain && ms > 10_000) console.log(`[${kind}] slow create ${i}: ${await explain(id)}`);
  }
  return { createMs, ids };
}

async function single(): Promise<PhaseFigures> {
  // One create first, not counted: the process's first queries and the engine's caches, as on Swarm.
  const warm = await timedCreate("warm-0");
  await remove([warm[1]]);
  const { createMs, ids } = await createRounds();
  await remove(ids);
  return { createMs };
}

async function swarm(): Promise<PhaseFigures> {
  const manager = new Docker(); // DOCKER_HOST: the cluster's manager
  const hostOf = async (id: string) => {
    const s = (await manager.getService(containerName(id)).inspect()) as {
      Spec: { Labels: Record<string, string> };
    };
    const n = (await manager.getNode(s.Spec.Labels[LABEL_NODE]!).inspect()) as SwarmNode;
    return n.Description?.Hostname ?? "?";
  };
  // The nodes start without the image: one workspace per node pulls it there (placement spreads by
  // pins), so the counted creates below compare with a host that has the image, as the single side.
  const [firstCreateMs, first] = await timed(() =>
    Promise.all([0, 1, 2].map((i) => timedCreate(`first-${i}`).then(([, id]) => id))),
  );
  console.log(`[swarm] first create on each node (image pull): ${firstCreateMs.toFixed(0)} ms`);
  await remove(first);

  // A slow create says where its tasks waited (state, message, time of each).
  const tasksOf = async (id: string) =>
    ((await manager.listTasks({ filters: { service: [containerName(id)] } })) as SwarmTask[])
      .map(
        (t) => `${t.Status?.Timestamp} ${t.Status?.State} ${t.Status?.Message ?? ""} ${t.Status?.Err ?? ""}`,
      )
      .join(" | ");
  const { createMs, ids } = await createRounds(async (id) => `${await hostOf(id)}: ${await tasksOf(id)}`);
  const startMs: number[] = [];
  for (const [i, id] of ids.entries()) {
    const [ms, w] = await timed(async () => {
      await startWorkspace(user.id, id);
      return settled(id);
    });
    if (w.status !== "RUNNING") throw new Error(`start failed: ${w.statusMessage}`);
    startMs.push(ms);
    await stopWorkspaceById(id);
    console.log(`[swarm] start ${i} (${await hostOf(id)}): ${ms.toFixed(0)} ms`);
  }
  await remove(ids);

  const [parallelMs, results] = await timed(() =>
    Promise.all(Array.from({ length: PARALLEL }, (_, i) => create(`par-${i}`))),
  );
  const live = results.filter((id): id is string => id !== null);
  const hosts = new Map(await Promise.all(live.map(async (id) => [id, await hostOf(id)] as const)));
  const spread: Record<string, number> = {};
  for (const h of hosts.values()) spread[h] = (spread[h] ?? 0) + 1;
  console.log(`[swarm] parallel ${PARALLEL}: ${parallelMs.toFixed(0)} ms, spread ${JSON.stringify(spread)}`);

  // A worker's engine dies (kill -9, as a crashed machine): until every one of its workspaces says so.
  const onDead = live.filter((id) => hosts.get(id) === DEAD_NODE);
  let nodeDownMs: number | null = null;
  let nodeBackMs: number | null = null;
  if (onDead.length) {
    const t0 = performance.now();
    execFileSync("bash", [CLUSTER_SCRIPT, "kill-node", DEAD_NODE]);
    nodeDownMs = await waitFor(
      () => Promise.all(onDead.map(read)),
      (ws) => ws.every((w) => w.statusMessage === MACHINE_UNAVAILABLE),
      90_000,
    )
      .then(() => performance.now() - t0)
      .catch(loggedNull("node down not shown"));
    const others = await Promise.all(live.filter((id) => !onDead.includes(id)).map(read));
    const wrong = others.filter((w) => w.status !== "RUNNING" || w.statusMessage).length;
    console.log(
      `[swarm] ${DEAD_NODE} down: ${onDead.length} workspaces unavailable after ${nodeDownMs?.toFixed(0)} ms; ${wrong} of ${others.length} elsewhere affected`,
    );
    // Back with the node: RUNNING again without the message (not a metric; logged).
    const t1 = performance.now();
    execFileSync("bash", [CLUSTER_SCRIPT, "revive-node", DEAD_NODE], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    nodeBackMs = await waitFor(
      () => Promise.all(onDead.map(read)),
      (ws) => ws.every((w) => w.status === "RUNNING" && w.statusMessage === null),
      240_000,
    )
      .then(() => performance.now() - t1)
      .catch(loggedNull("not back"));
    console.log(
      `[swarm] ${DEAD_NODE} revived: its workspaces RUNNING again after ${nodeBackMs?.toFixed(0)} ms`,
    );
  }
  await remove(live);
  return {
    createMs,
    startMs,
    firstCreateMs,
    parallelMs,
    parallelFailures: PARALLEL - live.length,
    spread,
    nodeDownMs,
    nodeBackMs,
  };
}

const stopReconciler = startReconciler(config().KALPANA_RECONCILE_SEC * 1000);
try {
  const figures = kind === "single" ? await single() : await swarm();
  writeFileSync(values.out, JSON.stringify(figures));
} finally {
  stopReconciler();
  env.cleanup();
}
process.exit(0); // the database client and the node watch would keep the process alive
