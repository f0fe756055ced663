// `npm run bench:env`: the host's shared Nix store (KALPANA_SHARED_NIX_STORE=1) with the stub
// package set, side by side in one run: the first workspace of a template on a host (its generation
// is built) against the second (it adopts the generation), plus a workspace with its own copy of the
// same flake (no sharing: what every workspace pays without the flag). Real Docker engine.
// Writes docs/benchmarks/env.json and the "Environments" section of docs/BENCHMARKS.md.
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { machineDescription, publishBenchmark } from "../../scripts/bench/report";
import { setupDomainEnv, waitFor } from "../server/workspaces/test-env.fixture";
import { dockerCli } from "../testing/docker.fixture";

const TEMPLATE = "node";
const env = setupDomainEnv({ KALPANA_SHARED_NIX_STORE: "1" });
const { createWorkspace } = await import("../server/workspaces/lifecycle");
const { getOwned } = await import("../server/workspaces/store");
const { db } = await import("../server/db/client");
const { workspaceImage } = await import("../server/workspaces/image");
const { SharedNixStore, generationName } = await import("../server/runtime/docker/nix-store");
const { repoRoot } = await import("../server/paths");

// The generation step of each create, timed where it runs (the runtime calls it inside create).
const generationMs: number[] = [];
const ensure = SharedNixStore.prototype.ensureGeneration;
SharedNixStore.prototype.ensureGeneration = async function (this: InstanceType<typeof SharedNixStore>, ...a) {
  const t0 = performance.now();
  try {
    return await ensure.apply(this, a);
  } finally {
    generationMs.push(performance.now() - t0);
  }
};

const user = await db().user.create({ data: { id: "bench-env", name: "Bench", email: "env@example.com" } });

type Run = { id: string; runningMs: number; generationMs: number; kalpanaEnvMs: number; message: string };

async function workspace(name: string, nixConfig?: string): Promise<Run> {
  const before = generationMs.length;
  const t0 = performance.now();
  const v = await createWorkspace(user.id, { name, template: TEMPLATE, ...(nixConfig ? { nixConfig } : {}) });
  const w = await waitFor(
    () => getOwned(user.id, v.id),
    (x) => x.status === "RUNNING" || x.status === "ERROR",
    180_000,
  );
  const runningMs = performance.now() - t0;
  if (w.status !== "RUNNING") throw new Error(`${name} did not start: ${w.statusMessage}`);
  const status = JSON.parse(
    dockerCli("exec", "-u", "1000", `kalpana-ws-${v.id}`, "cat", "/home/coder/.kalpana/env-status.json"),
  ) as { state: string; message: string; startedAt: number; finishedAt: number };
  if (status.state !== "ready") throw new Error(`${name}: environment ${status.state}: ${status.message}`);
  const run = {
    id: v.id,
    runningMs,
    generationMs: generationMs.slice(before).reduce((a, b) => a + b, 0),
    kalpanaEnvMs: status.finishedAt - status.startedAt,
    message: status.message,
  };
  console.log(
    `${name}: generation ${run.generationMs.toFixed(0)} ms + kalpana-env ${run.kalpanaEnvMs} ms ` +
      `(${run.message}); create → RUNNING ${runningMs.toFixed(0)} ms`,
  );
  return run;
}

/** Disk blocks used by the volumes (du -sk in a throwaway container, read-only mounts), in MiB. */
async function diskMib(volumes: string[]): Promise<number> {
  const mounts = volumes.flatMap((v, i) => ["-v", `${v}:/v/${i}:ro`]);
  const out = dockerCli(
    "run",
    "--rm",
    "--network",
    "none",
    "-u",
    "0",
    "--entrypoint",
    "du",
    ...mounts,
    await workspaceImage(),
    "-sk",
    "--total",
    "/v",
  );
  return Number(/^(\d+)\s+total$/m.exec(out)?.[1] ?? Number.NaN) / 1024;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const own = (id: string) => [`kalpana-${id}-nix-upper`, `kalpana-${id}-nix-work`];

try {
  const image = await workspaceImage();
  console.log(`image ${image}`);
  const first = await workspace("env-first");
  const second = await workspace("env-second");
  const flake = readFileSync(path.join(repoRoot, "nix", TEMPLATE, "flake.nix"), "utf8");
  const unshared = await workspace("env-unshared", flake);
  const generation = dockerCli(
    "inspect",
    "-f",
    '{{index .Labels "kalpana.nix-generation"}}',
    `kalpana-${first.id}-nix`,
  );
  const gen = generationName(generation);

  const firstEnvMs = first.generationMs + first.kalpanaEnvMs;
  const secondEnvMs = second.generationMs + second.kalpanaEnvMs;
  const firstDisk = await diskMib([gen, ...own(first.id)]);
  const secondDisk = await diskMib(own(second.id));
  const unsharedDisk = await diskMib([`kalpana-${unshared.id}-nix`]);
  console.log(
    `disk: generation + first ${firstDisk} MiB, second ${secondDisk} MiB, unshared ${unsharedDisk} MiB`,
  );

  publishBenchmark({
    name: "env",
    heading: "Environments",
    machine: machineDescription([`image ${image}`]),
    metrics: {
      env_first_workspace_ms: { value: Math.round(firstEnvMs), unit: "ms", target: null, better: "lower" },
      env_second_workspace_ms: { value: Math.round(secondEnvMs), unit: "ms", target: 2000, better: "lower" },
      env_shared_ratio: {
        value: round(secondEnvMs / firstEnvMs, 3),
        unit: "ratio",
        target: 0.2,
        better: "lower",
      },
      env_unshared_workspace_ms: { value: unshared.kalpanaEnvMs, unit: "ms", target: null, better: "lower" },
      nix_disk_first_workspace_mib: {
        value: round(firstDisk, 2),
        unit: "MiB",
        target: null,
        better: "lower",
      },
      nix_disk_per_workspace_mib: {
        value: round(secondDisk, 2),
        unit: "MiB",
        target: round(firstDisk * 0.2, 2),
        better: "lower",
      },
      nix_disk_unshared_workspace_mib: {
        value: round(unsharedDisk, 2),
        unit: "MiB",
        target: null,
        better: "lower",
      },
      first_workspace_running_ms: {
        value: Math.round(first.runningMs),
        unit: "ms",
        target: null,
        better: "lower",
      },
      second_workspace_running_ms: {
        value: Math.round(second.runningMs),
        unit: "ms",
        target: null,
        better: "lower",
      },
    },
    describe: {
      env_first_workspace_ms: "First workspace of the template on the host: generation built + kalpana-env",
      env_second_workspace_ms: "Second workspace: generation found + kalpana-env adopting it",
      env_shared_ratio: "Second / first",
      env_unshared_workspace_ms: "Without sharing (own copy of the flake): kalpana-env realising it",
      nix_disk_first_workspace_mib: "Nix disk of the first workspace (generation + its own layer)",
      nix_disk_per_workspace_mib:
        "Nix disk of each additional workspace (its own layer), target 20% of the first",
      nix_disk_unshared_workspace_mib: "Nix disk of a workspace without sharing (its whole /nix volume)",
      first_workspace_running_ms: "First workspace: create → RUNNING",
      second_workspace_running_ms: "Second workspace: create → RUNNING",
    },
    intro: [
      "`npm run bench:env` (web/bench/env.bench.ts): real Docker engine, the workspace image, the stub Nix",
      `package set (KALPANA_NIX_STUB=1), template \`${TEMPLATE}\`, KALPANA_SHARED_NIX_STORE=1, one run, in order:`,
      "the first workspace of the template on the host, the second, and one with its own copy of the same",
      "flake.nix (not shared). Environment time = the runtime's generation step inside create (timed around",
      "`ensureGeneration`) + kalpana-env's own run in the container (env-status.json startedAt → finishedAt).",
      "Disk = `du -sk` of the volumes (the generation counts for the first workspace only).",
    ],
    after: [
      `- first: ${first.message}; second: ${second.message}; unshared: ${unshared.message}`,
      `- generation step: first ${first.generationMs.toFixed(0)} ms, second ${second.generationMs.toFixed(0)} ms`,
      "- create → RUNNING is mostly the container, the bridge and code-server (see Lifecycle): the stub's",
      "  realisation is small, so sharing shows in the environment time, not there. With real nixpkgs the",
      "  first workspace's generation step is the download or build of the whole closure; the second's stays",
      "  a `docker inspect`.",
      `- 1-min load average at the end: ${os.loadavg()[0]?.toFixed(1)} on ${os.availableParallelism()} vCPUs.`,
    ],
  });
} finally {
  env.cleanup();
}
