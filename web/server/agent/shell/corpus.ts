// The labelled command corpus (corpus.json) and its evaluation, shared by the test that guards
// the classifier and `npm run bench:classifier`, which reports it.
import { z } from "zod";
import { dangerousCommand } from "../dangerous";
import raw from "./corpus.json" with { type: "json" };

export const corpusEntry = z.object({
  cmd: z.string().min(1),
  label: z.enum(["dangerous", "benign"]),
  /** What the entry exercises: plain, quoting, ansi-c, ifs, base64, nested, held-out … */
  kind: z.string().min(1),
  /** Must always be caught: the test fails on a single miss here. */
  must: z.boolean().optional(),
});
export type CorpusEntry = z.infer<typeof corpusEntry>;

export const corpus: CorpusEntry[] = z.array(corpusEntry).parse(raw);

export type Evaluation = {
  dangerous: number;
  benign: number;
  caught: number;
  misses: CorpusEntry[];
  mustMisses: CorpusEntry[];
  falsePositives: Array<CorpusEntry & { rule: string }>;
};

export function evaluate(entries: readonly CorpusEntry[] = corpus): Evaluation {
  const e: Evaluation = {
    dangerous: 0,
    benign: 0,
    caught: 0,
    misses: [],
    mustMisses: [],
    falsePositives: [],
  };
  for (const c of entries) {
    const rule = dangerousCommand(c.cmd);
    if (c.label === "dangerous") {
      e.dangerous++;
      if (rule) e.caught++;
      else {
        e.misses.push(c);
        if (c.must) e.mustMisses.push(c);
      }
    } else {
      e.benign++;
      if (rule) e.falsePositives.push({ ...c, rule: rule.id });
    }
  }
  return e;
}
