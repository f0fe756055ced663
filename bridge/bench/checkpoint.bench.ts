// npm run bench:checkpoint: what checkpoints cost on a 10,000-file workspace, through a real
// bridge process (source via tsx) and its socket, as the agent calls them.
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Metric, machineDescription, publishBenchmark } from "../../scripts/bench/report";
import { median, round } from "../../scripts/bench/stats";
import { startBridgeProcess } from "../server/bridge.fixture";

const FILES = 10_000;
const ROUNDS = 15;
const TURN_FILES = 10;

const b = await startBridgeProcess();
try {
  const c = await b.connect();
  // 100 folders × 100 files of ~1 KiB, committed, plus an ignored node_modules the cap never sees.
  for (let d = 0; d < FILES / 100; d++) {
    await mkdir(path.join(b.root, `src/m${d}`), { recursive: true });
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        writeFile(path.join(b.root, `src/m${d}/f${i}.ts`), `export const v${i} = "${"x".repeat(1000)}";\n`),
      ),
    );
  }
  await writeFile(path.join(b.root, ".gitignore"), "node_modules/\n");
  const git = (...a: string[]) =>
    execFileSync("git", ["-c", "user.name=B", "-c", "user.email=b@example.com", ...a], { cwd: b.root });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "seed");

  const timed = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  const cold = await timed(() => c.checkpoint.create({ name: "cold" }));
  const create: number[] = [];
  const turn: number[] = [];
  const undo: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const before = await timed(() => c.checkpoint.create({ name: `r${r}-before` }));
    // The "turn": edit TURN_FILES files, add one, as an agent answer might.
    for (let i = 0; i < TURN_FILES; i++)
      await writeFile(path.join(b.root, `src/m${r}/f${i}.ts`), `export const edited${r} = ${i};\n`);
    await writeFile(path.join(b.root, `src/m${r}/new.ts`), "new\n");
    const afterMs = await timed(() => c.checkpoint.create({ name: `r${r}-after` }));
    create.push(before, afterMs);
    turn.push(before + afterMs);
    undo.push(await timed(() => c.checkpoint.restore({ before: `r${r}-before`, after: `r${r}-after` })));
  }
  const prune = await timed(() => c.checkpoint.prune({ keep: 10 }));

  const ms = (value: number, target: number | null): Metric => ({
    value: round(value, 1),
    unit: "ms",
    target,
    better: "lower",
  });
  publishBenchmark({
    name: "checkpoint",
    heading: "Checkpoints",
    machine: machineDescription(),
    metrics: {
      checkpoint_ms_10k_files: ms(median(create), 300),
      turn_checkpoints_ms_10k_files: ms(median(turn), null),
      undo_ms_10k_files: ms(median(undo), 1000),
      first_checkpoint_ms_10k_files: ms(cold, null),
      prune_ms: ms(prune, null),
    },
    describe: {
      checkpoint_ms_10k_files: "one `checkpoint:create` (the one before a turn), median",
      turn_checkpoints_ms_10k_files: "before + after checkpoints of one turn, median",
      undo_ms_10k_files: `\`checkpoint:restore\` of a turn that changed ${TURN_FILES + 1} files, median`,
      first_checkpoint_ms_10k_files: "the very first checkpoint of a workspace (every file hashed once)",
      prune_ms: `\`checkpoint:prune\` down to 10 of ${ROUNDS * 2 + 1}`,
    },
    intro: [
      "`npm run bench:checkpoint` (bridge/bench/checkpoint.bench.ts): a real bridge process (tsx source) and",
      `its socket client; a git repository of ${FILES} files (~1 KiB each) in 100 folders. ${ROUNDS} scripted`,
      `turns each edit ${TURN_FILES} files and add one between a before and an after checkpoint, then undo.`,
    ],
    after: [
      "Later checkpoints reuse the store's own index (stat data), so only changed files are hashed;",
      "the first one hashes everything. Undo includes capturing the work tree to find conflicts.",
    ],
  });
} finally {
  await b.stop();
}
