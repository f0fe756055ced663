// `npm run bench:lifecycle`: cold create → RUNNING, warm start, stop, 10 parallel creates and the
// memory of an idle running workspace, against the real Docker engine with the stub Nix package set.
// Writes docs/benchmarks/lifecycle.json and the "Lifecycle" section of docs/BENCHMARKS.md.
import { machineDescription, publishBenchmark } from "../../scripts/bench/report";
import { median } from "../../scripts/bench/stats";
import { setupDomainEnv, waitFor } from "../server/workspaces/test-env.fixture";

const ROUNDS = 5;
const PARALLEL = 10;

// Quotas raised for the parallel round; small limits like the tests.
const env = setupDomainEnv({ KALPANA_MAX_RUNNING_PER_USER: "100", KALPANA_MAX_RUNNING_TOTAL: "100" });
const { createWorkspace, startWorkspace, stopWorkspaceById, deleteWorkspace } = await import(
  "../server/workspaces/lifecycle"
);
const { getOwned } = await import("../server/workspaces/store");
const { runtime } = await import("../server/runtime/index");
const { db } = await import("../server/db/client");
const { workspaceImage } = await import("../server/workspaces/image");

const user = await db().user.create({ data: { id: "bench", name: "Bench", email: "bench@example.com" } });
const settled = (id: string, timeoutMs = 120_000) =>
  waitFor(
    () => getOwned(user.id, id),
    (w) => w.status === "RUNNING" || w.status === "ERROR",
    timeoutMs,
  );

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}

try {
  const image = await workspaceImage();
  console.log(`image ${image}`);
  const cold: number[] = [];
  const warm: number[] = [];
  const stop: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const [ms, w] = await timed(async () => {
      const v = await createWorkspace(user.id, { name: `cold-${i}`, template: "node" });
      return settled(v.id);
    });
    if (w.status !== "RUNNING") throw new Error(`cold start failed: ${w.statusMessage}`);
    cold.push(ms);
    ids.push(w.id);
    const [stopMs] = await timed(() => stopWorkspaceById(w.id));
    stop.push(stopMs);
    console.log(`cold ${i}: ${ms.toFixed(0)} ms, stop ${stopMs.toFixed(0)} ms`);
  }
  for (const [i, id] of ids.entries()) {
    const [ms, w] = await timed(async () => {
      await startWorkspace(user.id, id);
      return settled(id);
    });
    if (w.status !== "RUNNING") throw new Error(`warm start failed: ${w.statusMessage}`);
    warm.push(ms);
    const [stopMs] = await timed(() => stopWorkspaceById(id));
    stop.push(stopMs);
    console.log(`warm ${i}: ${ms.toFixed(0)} ms, stop ${stopMs.toFixed(0)} ms`);
  }
  for (const [i, id] of ids.entries()) await deleteWorkspace(user.id, id, `cold-${i}`);

  const [parallelMs, results] = await timed(() =>
    Promise.all(
      Array.from({ length: PARALLEL }, async (_, i) => {
        const v = await createWorkspace(user.id, { name: `par-${i}`, template: "node" });
        return settled(v.id, 180_000).catch(() => null);
      }),
    ),
  );
  const failures = results.filter((w) => w?.status !== "RUNNING").length;
  console.log(`parallel ${PARALLEL}: ${parallelMs.toFixed(0)} ms, ${failures} failures`);
  await new Promise((r) => setTimeout(r, 15_000)); // let start-up allocations settle: "idle" memory
  const mem: number[] = [];
  for (const w of results) {
    const s = w ? await runtime().stats(w.id) : null;
    if (s) mem.push(s.memoryMb);
  }
  console.log(`idle memory per workspace (MiB): ${mem.join(", ")}`);

  publishBenchmark({
    name: "lifecycle",
    heading: "Lifecycle",
    machine: machineDescription([`image ${image}`]),
    metrics: {
      cold_start_p50_ms: { value: Math.round(median(cold)), unit: "ms", target: 5000, better: "lower" },
      warm_start_p50_ms: { value: Math.round(median(warm)), unit: "ms", target: 3000, better: "lower" },
      stop_p50_ms: { value: Math.round(median(stop)), unit: "ms", target: null, better: "lower" },
      parallel_10_total_ms: { value: Math.round(parallelMs), unit: "ms", target: 30000, better: "lower" },
      parallel_10_failures: { value: failures, unit: "count", target: 0, better: "lower" },
      idle_memory_mib: {
        value: Math.round(median(mem) * 10) / 10,
        unit: "MiB",
        target: null,
        better: "lower",
      },
    },
    describe: {
      cold_start_p50_ms: "Cold create → RUNNING (image present, stub Nix, no repo), p50 of 5",
      warm_start_p50_ms: "Warm start (STOPPED → RUNNING), p50 of 5",
      stop_p50_ms: "Stop (RUNNING → STOPPED), p50 of 10",
      parallel_10_total_ms: "10 workspaces created in parallel, all RUNNING",
      parallel_10_failures: "Failures among the 10 parallel creates",
      idle_memory_mib: "Memory of an idle running workspace (docker stats, median)",
    },
    intro: [
      "`npm run bench:lifecycle` (web/bench/lifecycle.bench.ts): real Docker engine, the workspace image,",
      "the stub Nix package set (KALPANA_NIX_STUB=1), template `node`, 768 MiB / 1 CPU per workspace.",
      "Timings are from the API call to RUNNING (code-server answering /healthz through every phase).",
    ],
  });
} finally {
  env.cleanup();
}
