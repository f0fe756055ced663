// `npm run bench:image`: start-up time and memory of the workspace image, plus image sizes.
// Writes docs/benchmarks/image.json and the "Images" section of docs/BENCHMARKS.md.
import { type Metric, machineDescription, publishBenchmark } from "../scripts/bench/report";
import { median } from "../scripts/bench/stats";
import { browserSession, memoryMiB, sleep } from "./bench/metrics";
import { ensureImages } from "./index";
import { startWorkspace, type Workspace, waitHttp } from "./test/workspace.fixture";

const RUNS = 5;

/** `docker create` + secret putArchive + `docker start` until both servers answer. */
async function timeToReady(image: string): Promise<{ ms: number; ws: Workspace }> {
  const ws = await startWorkspace({ image });
  await Promise.all([
    waitHttp(`${ws.bridgeUrl}/healthz`),
    waitHttp(`${ws.ideUrl}/healthz`, 30_000, ws.ideHeaders),
  ]);
  return { ms: Date.now() - ws.createdAt, ws };
}

async function main() {
  const images = await ensureImages((l) => console.log(l));
  const image = images.workspace.tag;
  const workspaces: Workspace[] = [];
  try {
    const readies: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { ms, ws } = await timeToReady(image);
      readies.push(ms);
      console.log(`ready run ${i + 1}: ${ms} ms`);
      if (i < RUNS - 1) await ws.remove();
      else workspaces.push(ws);
    }
    const ws = workspaces[0]!;
    await sleep(20_000);
    const idle = await memoryMiB(ws.name);
    console.log(`idle memory after 20 s: ${idle.toFixed(1)} MiB`);

    const workbenchMs = await browserSession(ws);
    console.log(`workbench rendered in ${workbenchMs} ms; browser closed, sampling memory for 60 s`);
    const samples: number[] = [];
    for (let s = 0; s < 12; s++) {
      await sleep(5000);
      samples.push(await memoryMiB(ws.name));
    }
    console.log(`memory after session: ${samples.map((m) => m.toFixed(0)).join(" ")} MiB`);

    const metrics: Record<string, Metric> = {
      ready_p50_ms: { value: median(readies), unit: "ms", target: 2000, better: "lower" },
      idle_memory_mib: { value: round(idle), unit: "MiB", target: 150, better: "lower" },
      memory_after_session_mib: { value: round(samples.at(-1)!), unit: "MiB", target: 250, better: "lower" },
      base_image_mib: { value: images.base.sizeMiB, unit: "MiB", target: null, better: "lower" },
      workspace_image_mib: { value: images.workspace.sizeMiB, unit: "MiB", target: null, better: "lower" },
    };
    const notes = [
      `ready runs (ms): ${readies.join(", ")}`,
      `workbench rendered ${workbenchMs} ms after navigation (Chromium, fresh profile)`,
      `memory after the session, every 5 s for 60 s (MiB): ${samples.map((m) => m.toFixed(0)).join(", ")}`,
    ];
    publishBenchmark({
      name: "image",
      heading: "Images",
      machine: machineDescription(),
      metrics,
      style: "compact",
      intro: [
        "`npm run bench:image` (images/bench.ts). Ready: `docker create` + secret putArchive + `docker start`",
        "(docker CLI, volumes already created) until the bridge and code-server both answer `/healthz`, p50 of 5.",
        "Idle: one never-connected workspace 20 s after start. After session: 60 s after closing a Chromium",
        "session that rendered the workbench (`--reconnection-grace-time 20`). Sizes: `docker image inspect`.",
      ],
      after: notes.map((n) => `- ${n}`),
    });
  } finally {
    await Promise.all(workspaces.map((w) => w.remove()));
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
