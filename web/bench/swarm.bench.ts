// `npm run bench:swarm`: in one run, create → RUNNING on this host's Docker engine and on a real
// 3-node Swarm (scripts/testing/swarm-cluster.sh, the test suite's cluster), a start of a stopped
// workspace on Swarm, 12 parallel creates across the cluster and how long a dead node's workspaces
// take to say "its machine is unavailable". Writes docs/benchmarks/swarm.json and the "Swarm" section
// of docs/BENCHMARKS.md. Needs root (network namespaces) and the workspace image.
//
// Each side runs in a child process of its own (swarm-phases.ts): the configuration and the runtime
// are read once per process, as in a web server, so a fresh process per runtime measures what a web
// server set up for it does, without resetting process slots the way no real server would. The
// cluster is up for both sides (the same load on the machine) and always torn down: finally, and on
// SIGINT/SIGTERM.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { machineDescription, publishBenchmark } from "../../scripts/bench/report";
import { median, round } from "../../scripts/bench/stats";
import { repoRoot } from "../../scripts/repo-root";
import type { PhaseFigures } from "./swarm-phases";

const IMAGE = process.env.KALPANA_TEST_WORKSPACE_IMAGE ?? "kalpana/workspace:latest";
const CLUSTER_SCRIPT = path.join(repoRoot, "scripts/testing/swarm-cluster.sh");
const PHASES = path.join(repoRoot, "web/bench/swarm-phases.ts");
/** What selects a runtime: never inherited by the single side. */
const RUNTIME_VARS = ["DOCKER_HOST", "KALPANA_RUNTIME", "KALPANA_REGISTRY", "KALPANA_SWARM_NODE_SOCKET"];

try {
  execFileSync("docker", ["image", "inspect", IMAGE], { stdio: "ignore" });
} catch {
  throw new Error(`${IMAGE} is missing: build it with npm run images (or scripts/setup.sh --test)`);
}

const tmp = mkdtempSync(path.join(tmpdir(), "kalpana-bench-swarm-"));
let child: ChildProcess | null = null;
let clusterUp = false;
const down = () => {
  if (!clusterUp) return;
  clusterUp = false;
  execFileSync("bash", [CLUSTER_SCRIPT, "down"], { stdio: "inherit" });
};
for (const sig of ["SIGINT", "SIGTERM"] as const)
  process.once(sig, async () => {
    // The phase cleans up its workspaces first (up to 20 s), then the cluster goes.
    const c = child;
    if (c) {
      const gone = new Promise((r) => c.once("exit", r));
      c.kill("SIGTERM");
      await Promise.race([gone, new Promise((r) => setTimeout(r, 20_000))]);
    }
    down();
    rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  });

/** Runs one side in its own process and returns its figures. */
function runPhase(
  phase: "single" | "swarm",
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<PhaseFigures> {
  const out = path.join(tmp, `${phase}.json`);
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ["--import", "tsx", PHASES, "--phase", phase, "--out", out], {
      cwd: repoRoot,
      env,
      stdio: "inherit",
    });
    child = c;
    const timer = setTimeout(() => c.kill("SIGTERM"), timeoutMs);
    c.once("exit", (code, signal) => {
      clearTimeout(timer);
      child = null;
      if (code === 0) resolve(JSON.parse(readFileSync(out, "utf8")) as PhaseFigures);
      else reject(new Error(`the ${phase} phase failed (${signal ?? `exit ${code}`})`));
    });
  });
}

try {
  const t0 = performance.now();
  clusterUp = true; // also a half-started cluster is torn down
  const up = execFileSync("bash", [CLUSTER_SCRIPT, "up", "--image", IMAGE], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const cluster = Object.fromEntries(
    up
      .trim()
      .split("\n")
      .map((l) => l.split("=", 2) as [string, string]),
  );
  console.log(
    `cluster up in ${((performance.now() - t0) / 1000).toFixed(0)} s (image pushed to its registry)`,
  );

  const base: NodeJS.ProcessEnv = {
    ...process.env,
    KALPANA_WORKSPACE_IMAGE: IMAGE,
    KALPANA_LOG_LEVEL: process.env.KALPANA_LOG_LEVEL ?? "warn",
  };
  for (const k of RUNTIME_VARS) delete base[k];
  const single = await runPhase("single", base, 300_000);
  const swarm = await runPhase(
    "swarm",
    {
      ...base,
      KALPANA_RUNTIME: "swarm",
      DOCKER_HOST: cluster.DOCKER_HOST,
      KALPANA_REGISTRY: cluster.KALPANA_REGISTRY,
      KALPANA_SWARM_NODE_SOCKET: cluster.KALPANA_SWARM_NODE_SOCKET,
    },
    600_000,
  );

  const singleP50 = Math.round(median(single.createMs));
  const swarmP50 = Math.round(median(swarm.createMs));
  const ms = (v: number | null | undefined) => (v == null ? null : Math.round(v));
  const spread = Object.entries(swarm.spread ?? {})
    .sort()
    .map(([h, n]) => `${h} ${n}`)
    .join(", ");
  publishBenchmark({
    name: "swarm",
    heading: "Swarm",
    machine: machineDescription([
      `image ${IMAGE}`,
      "Swarm of 3 dockerds in network namespaces on this machine",
    ]),
    metrics: {
      swarm_create_ratio: {
        value: round(swarmP50 / singleP50, 2),
        unit: "ratio",
        target: 1.5,
        better: "lower",
      },
      single_create_p50_ms: { value: singleP50, unit: "ms", target: null, better: "lower" },
      swarm_create_p50_ms: { value: swarmP50, unit: "ms", target: null, better: "lower" },
      swarm_start_p50_ms: {
        value: ms(median(swarm.startMs ?? [])),
        unit: "ms",
        target: 3000,
        better: "lower",
      },
      swarm_parallel_12_ms: { value: ms(swarm.parallelMs), unit: "ms", target: 30000, better: "lower" },
      swarm_parallel_12_failures: {
        value: swarm.parallelFailures ?? null,
        unit: "count",
        target: 0,
        better: "lower",
      },
      node_down_detect_ms: { value: ms(swarm.nodeDownMs), unit: "ms", target: 20000, better: "lower" },
      swarm_first_create_ms: { value: ms(swarm.firstCreateMs), unit: "ms", target: null, better: "lower" },
    },
    describe: {
      swarm_create_ratio: "Create → RUNNING, Swarm p50 / single-host p50",
      single_create_p50_ms: "Create → RUNNING on this host's Docker engine, p50 of 5",
      swarm_create_p50_ms: "Create → RUNNING on the 3-node Swarm (image on every node), p50 of 5",
      swarm_start_p50_ms: "Start of a stopped workspace on Swarm (STOPPED → RUNNING), p50 of 5",
      swarm_parallel_12_ms: "12 workspaces created in parallel across the cluster, all RUNNING",
      swarm_parallel_12_failures: "Failures among the 12 parallel creates",
      node_down_detect_ms: "A worker's dockerd killed → all its workspaces show “its machine is unavailable”",
      swarm_first_create_ms: "3 parallel creates, one per node, each node pulling the image first",
    },
    intro: [
      "`npm run bench:swarm` (web/bench/swarm.bench.ts): one run, both runtimes through the real lifecycle",
      "(template `node`, stub Nix, 768 MiB / 1 CPU per workspace), each in its own process as a web server",
      "would be; the Swarm is the test suite's (scripts/testing/swarm-cluster.sh: a manager and two",
      "workers, each a dockerd in a network namespace of this machine, and a registry), so all three",
      "nodes share these 2 vCPUs. Timings are from the API call to what the API then shows.",
    ],
    after: [
      `This run: the 12 parallel creates landed on ${spread || "no node"}; after the dead worker was`,
      `revived its workspaces were RUNNING again (message cleared) in ${
        swarm.nodeBackMs == null ? "— (not within 240 s)" : `${(swarm.nodeBackMs / 1000).toFixed(0)} s`
      }.`,
    ],
  });
} finally {
  down();
  rmSync(tmp, { recursive: true, force: true });
}
