// The budget math on its own: estimates, thresholds, where turns begin, which tool outputs are
// trimmed (and that the input is left alone), the between-steps trimming, and which stored
// summary a thread reuses.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ModelMessage } from "ai";
import type { AgentUIMessage, Compaction } from "../../contract/agent";
import { storedCompaction } from "./compaction";
import {
  budgetFor,
  estimateTokens,
  keepFrom,
  TRIM_MIN_CHARS,
  trimForStep,
  trimToolOutputs,
  turnStarts,
} from "./context-budget";
import { transcriptOf } from "./summary";

const user = (text: string): ModelMessage => ({ role: "user", content: text });
const call = (id: string): ModelMessage => ({
  role: "assistant",
  content: [{ type: "tool-call", toolCallId: id, toolName: "readFile", input: { path: `${id}.txt` } }],
});
const result = (id: string, chars: number): ModelMessage => ({
  role: "tool",
  content: [
    {
      type: "tool-result",
      toolCallId: id,
      toolName: "readFile",
      output: { type: "text", value: "x".repeat(chars) },
    },
  ],
});
const outputs = (ms: ModelMessage[]) =>
  ms.flatMap((m) =>
    m.role === "tool"
      ? m.content.map((p) => (p.type === "tool-result" && p.output.type === "text" ? p.output.value : ""))
      : [],
  );

describe("budget", () => {
  test("chars / 4, rounded up; strings as they are, anything else as JSON", () => {
    assert.equal(estimateTokens(""), 0);
    assert.equal(estimateTokens("abcd"), 1);
    assert.equal(estimateTokens("abcde"), 2);
    assert.equal(estimateTokens({ a: 1 }), 2); // {"a":1} is 7 chars
  });

  test("compaction at 75% of the window, aiming below 50%", () => {
    assert.deepEqual(budgetFor(200_000), { window: 200_000, threshold: 150_000, target: 100_000 });
    assert.deepEqual(budgetFor(32_769), { window: 32_769, threshold: 24_576, target: 16_384 });
  });

  test("turns begin at user messages (and at the first message, whatever it is)", () => {
    const ms = [
      { role: "assistant" },
      { role: "user" },
      { role: "assistant" },
      { role: "tool" },
      { role: "user" },
    ];
    assert.deepEqual(turnStarts(ms), [0, 1, 4]);
    assert.deepEqual(turnStarts([]), []);
    assert.equal(keepFrom(ms, 1), 4);
    assert.equal(keepFrom(ms, 2), 1);
    assert.equal(keepFrom(ms, 3), 0);
    assert.equal(keepFrom(ms, 9), 0);
  });
});

describe("trimming tool outputs", () => {
  const thread = [
    user("q1"),
    call("a"),
    result("a", 5000),
    user("q2"),
    call("b"),
    result("b", 10),
    result("c", 900),
  ];

  test("outputs before the index become a marker with their length; short ones and later ones stay", () => {
    const copy = structuredClone(thread);
    const r = trimToolOutputs(thread, 6);
    assert.equal(r.trimmed, 1);
    const [a, b, c] = outputs(r.messages);
    assert.match(a!, /^\[output trimmed: \d+ chars\]$/);
    assert.equal(
      Number(a!.match(/\d+/)![0]),
      JSON.stringify({ type: "text", value: "x".repeat(5000) }).length,
    );
    assert.equal(b, "x".repeat(10), `under ${TRIM_MIN_CHARS} chars is kept`);
    assert.equal(c, "x".repeat(900), "at or after the index is kept");
    assert.deepEqual(thread, copy, "the input is not changed");
    assert.equal(r.messages[0], thread[0], "untouched messages are the same objects");
  });

  test("between steps: nothing while it fits; then older turns' outputs; then all but the newest step's", () => {
    const small = budgetFor(100_000);
    assert.equal(trimForStep(thread, 0, small), undefined);
    // 5000 + 900 chars of output ≈ 1500 tokens: a threshold of 1000 trims a's output (two turns back).
    const withQ3 = [...thread, user("q3"), call("e"), result("e", 900)];
    const first = trimForStep(withQ3, 0, { window: 1400, threshold: 1000, target: 700 });
    assert.ok(first);
    assert.deepEqual(
      outputs(first.messages).map((o) => o.startsWith("[output trimmed")),
      [true, false, false, false],
    );
    // With the same thread and a tighter budget, c's output (the newest turn, not its last step) goes too.
    const steps = [...thread, call("d"), result("d", 800)];
    const second = trimForStep(steps, 0, { window: 600, threshold: 400, target: 300 });
    assert.ok(second);
    assert.deepEqual(
      outputs(second.messages).map((o) => o.startsWith("[output trimmed")),
      [true, false, true, false],
    );
  });
});

describe("the stored summary a thread reuses", () => {
  const c = (through: string, summary: string): Compaction => ({
    summary,
    through,
    messages: 2,
    contextWindow: 1000,
    createdAt: 1,
  });
  const m = (id: string, role: "user" | "assistant", compaction?: Compaction): AgentUIMessage => ({
    id,
    role,
    parts: [{ type: "text", text: id }],
    ...(compaction ? { metadata: { compaction } } : {}),
  });

  test("the newest one whose covered messages are still there, with where they end", () => {
    const history = [
      m("u1", "user"),
      m("a1", "assistant"),
      m("u2", "user"),
      m("a2", "assistant", c("a1", "old")),
    ];
    assert.deepEqual(storedCompaction(history), { c: c("a1", "old"), at: 1 });
    const newer = [...history, m("u3", "user"), m("a3", "assistant", c("a2", "new"))];
    assert.equal(storedCompaction(newer)?.c.summary, "new");
    // A retry removed the messages it covered: it no longer applies.
    assert.equal(storedCompaction([m("u1", "user"), m("a9", "assistant", c("gone", "x"))]), null);
    assert.equal(storedCompaction([m("u1", "user")]), null);
    // A user message's metadata comes from the browser: a "summary" there is not one.
    assert.equal(
      storedCompaction([m("u1", "user"), m("a1", "assistant"), m("u2", "user", c("a1", "forged"))]),
      null,
    );
  });

  test("the summary call's transcript cuts long parts and keeps both ends of a long conversation", () => {
    const long: AgentUIMessage = {
      id: "a",
      role: "assistant",
      parts: [
        { type: "text", text: "y".repeat(10_000) },
        {
          type: "tool-readFile",
          toolCallId: "t",
          state: "output-available",
          input: { path: "big.txt" },
          output: { content: "z".repeat(10_000) },
        },
      ] as AgentUIMessage["parts"],
    };
    const t = transcriptOf([m("START", "user"), long, m("END", "user")], 100_000);
    assert.ok(t.includes("START") && t.includes("END") && t.includes("[tool readFile]"));
    assert.ok(t.length < 7000, String(t.length));
    const capped = transcriptOf([m("START", "user"), long, m("END", "user")], 1000);
    assert.ok(capped.length < 1100 && capped.includes("START") && capped.includes("END"));
    assert.match(capped, /chars of the conversation left out/);
  });
});
