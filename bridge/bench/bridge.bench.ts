// `npm run bench -w bridge`: round trips through a real bridge process (the bundle), compared in
// the same run with a bare spawn and `docker exec`. The VM's CPU steal swings a lot, so the
// suite runs several times and every figure is the median of the per-round values.
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { machineDescription } from "../../scripts/bench/report";
import { median, percentile, round, timeEach } from "../../scripts/bench/stats";
import type { BridgeClient } from "../client/index";
import { startBridgeProcess } from "../server/bridge.fixture";
import { dockerExecTrue, startThrowaway, stopThrowaway } from "./docker";
import { writeReports } from "./report";

const here = path.dirname(fileURLToPath(import.meta.url));
// Other work on the VM skews every figure: record how busy it was when the run started.
const loadAtStart = loadavg()
  .map((l) => l.toFixed(2))
  .join(" / ");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

spawnSync(process.execPath, ["--import", "tsx", path.join(here, "../scripts/bundle.ts")], {
  stdio: "inherit",
});
process.env.KALPANA_BRIDGE_TEST_BUNDLE = "1";
const bridge = await startBridgeProcess();
writeFileSync(path.join(bridge.root, "4k.txt"), "x".repeat(4096));
const clients: BridgeClient[] = [];
for (let i = 0; i < 16; i++) clients.push(await bridge.connect());
const [one] = clients as [BridgeClient];
const read = (c: BridgeClient) => c.fs.read({ path: "4k.txt" });
const bareSpawn = () =>
  new Promise<void>((resolve) =>
    spawn("bash", ["-c", "true"], { stdio: "ignore" }).on("exit", () => resolve()),
  );
const docker = startThrowaway();

type Round = Record<string, number>;
const rounds: Round[] = [];
// Warm-up: JIT for every path measured below, sockets, page cache.
await timeEach(500, () => read(one));
await Promise.all(clients.map((c) => timeEach(300, () => read(c))));
await timeEach(30, () => one.exec.run({ command: "true" }));
for (let r = 0; r < ROUNDS; r++) {
  const seq = await timeEach(2000, () => read(one));
  const t0 = performance.now();
  const all = await Promise.all(clients.map((c) => timeEach(400, () => read(c))));
  const wall16 = performance.now() - t0;
  const exec = await timeEach(100, () => one.exec.run({ command: "true" }));
  const spawnT = await timeEach(100, bareSpawn);
  const dockerT = "id" in docker ? await timeEach(10, () => dockerExecTrue(docker.id)) : [];
  rounds.push({
    fs_read_p50_ms: percentile(seq, 50),
    fs_read_p99_ms: percentile(seq, 99),
    fs_read_ops_1: (seq.length / seq.reduce((a, b) => a + b, 0)) * 1000,
    fs_read_ops_16: ((16 * 400) / wall16) * 1000,
    fs_read_16_p50_ms: percentile(all.flat(), 50),
    exec_p50_ms: percentile(exec, 50),
    exec_p99_ms: percentile(exec, 99),
    spawn_p50_ms: percentile(spawnT, 50),
    docker_exec_p50_ms: dockerT.length ? percentile(dockerT, 50) : Number.NaN,
  });
  console.error(
    `round ${r + 1}/${ROUNDS}: ${JSON.stringify(rounds.at(-1), (_k, v) => (typeof v === "number" ? round(v) : v))}`,
  );
}
if ("id" in docker) stopThrowaway(docker.id);
await bridge.stop();

const m = (k: string) => median(rounds.map((x) => x[k]!));
const dockerP50 = m("docker_exec_p50_ms");
const figures = {
  fs_read_p50_ms: { value: m("fs_read_p50_ms"), unit: "ms", target: 2, better: "lower" },
  fs_read_p99_ms: { value: m("fs_read_p99_ms"), unit: "ms", target: null, better: "lower" },
  fs_read_ops_1: { value: m("fs_read_ops_1"), unit: "ops/s", target: null, better: "higher" },
  fs_read_ops_16: { value: m("fs_read_ops_16"), unit: "ops/s", target: 5000, better: "higher" },
  exec_p50_ms: { value: m("exec_p50_ms"), unit: "ms", target: 15, better: "lower" },
  exec_p99_ms: { value: m("exec_p99_ms"), unit: "ms", target: null, better: "lower" },
  spawn_p50_ms: { value: m("spawn_p50_ms"), unit: "ms", target: null, better: "lower" },
  docker_exec_p50_ms: {
    value: Number.isNaN(dockerP50) ? null : dockerP50,
    unit: "ms",
    target: null,
    better: "lower",
  },
  exec_speedup_vs_docker: {
    value: Number.isNaN(dockerP50) ? null : dockerP50 / m("exec_p50_ms"),
    unit: "x",
    target: 7,
    better: "higher",
  },
} as const;
const dockerNote =
  "id" in docker
    ? `docker exec into a throwaway container from ${docker.image}`
    : `docker row skipped: ${docker.skip}`;
const note = `${dockerNote}\n- Load average (1/5/15 min) when the run started: ${loadAtStart}`;
const table = writeReports(figures, { rounds: ROUNDS, note, machine: machineDescription() });
console.log(table);
process.exit(0);
