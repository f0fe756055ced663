// `npm run bench:classifier`: the dangerous-command classifier on its labelled corpus
// (web/server/agent/shell/corpus.json): recall on destructive commands (all, and the must-catch
// subset), precision and false-positive rate on benign ones, and the time one classification takes.
// Writes docs/benchmarks/classifier.json and the "Command classifier" section of docs/BENCHMARKS.md.
import { type Metric, machineDescription, publishBenchmark } from "../../scripts/bench/report";
import { percentile } from "../../scripts/bench/stats";
import { dangerousCommand } from "../server/agent/dangerous";
import { corpus, evaluate } from "../server/agent/shell/corpus";

const ROUNDS = 20;
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

const e = evaluate();
const must = corpus.filter((c) => c.must).length;
const flagged = e.caught + e.falsePositives.length;

// Per-command time: every corpus command, ROUNDS times, after one warm-up pass (parser JIT).
for (const c of corpus) dangerousCommand(c.cmd);
const times: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const c of corpus) {
    const t0 = performance.now();
    dangerousCommand(c.cmd);
    times.push((performance.now() - t0) * 1000);
  }
}

const metrics: Record<string, Metric> = {
  dangerous_recall: { value: round(e.caught / e.dangerous), unit: "ratio", target: 1, better: "higher" },
  must_catch_recall: {
    value: round((must - e.mustMisses.length) / must),
    unit: "ratio",
    target: 1,
    better: "higher",
  },
  benign_precision: {
    value: round(flagged ? e.caught / flagged : 1),
    unit: "ratio",
    target: 0.98,
    better: "higher",
  },
  false_positive_rate: {
    value: round(e.falsePositives.length / e.benign),
    unit: "ratio",
    target: 0.02,
    better: "lower",
  },
  missed_dangerous: { value: e.misses.length, unit: "commands", target: 0, better: "lower" },
  classify_p50_us: { value: round(percentile(times, 50), 1), unit: "µs", target: 2000, better: "lower" },
  classify_p99_us: { value: round(percentile(times, 99), 1), unit: "µs", target: null, better: "lower" },
};
const describe: Record<string, string> = {
  dangerous_recall: `Destructive commands that need approval (${e.dangerous} in the corpus)`,
  must_catch_recall: `Same, must-catch subset (${must})`,
  benign_precision: "Flagged commands that really are destructive",
  false_positive_rate: `Benign commands flagged (${e.benign} in the corpus)`,
  missed_dangerous: "Destructive commands not flagged",
  classify_p50_us: `Time to classify one command, p50 (${corpus.length} commands × ${ROUNDS})`,
  classify_p99_us: "Same, p99",
};

const list = (xs: Array<{ cmd: string }>) =>
  xs.length ? xs.map((x) => `- \`${x.cmd.replace(/\n/g, "⏎")}\``).join("\n") : "- none";
publishBenchmark({
  name: "classifier",
  heading: "Command classifier",
  machine: machineDescription(),
  metrics,
  describe,
  intro: [
    "`npm run bench:classifier` (web/bench/classifier.bench.ts): `dangerousCommand()` (mvdan/sh parser +",
    `web/server/agent/shell/) on web/server/agent/shell/corpus.json: ${corpus.length} labelled commands,`,
    `${e.dangerous} destructive (plain and obfuscated) and ${e.benign} benign. Precision and recall count a`,
    "command as flagged when it needs approval even in auto mode.",
  ],
  after: [
    "Missed destructive commands:",
    "",
    list(e.misses),
    "",
    "Benign commands flagged:",
    "",
    list(e.falsePositives),
    "",
  ],
});
