// How much of a model's context window a request takes, and the cheap first remedy when it takes
// too much: old tool outputs replaced by a short marker. Estimates are characters / 4, not a
// tokenizer: OpenRouter routes to many model families with different tokenizers, so no single one
// is right, and the threshold leaves a quarter of the window as margin for the error and the answer.
import type { ModelMessage } from "ai";

export const CHARS_PER_TOKEN = 4;
/** Compaction starts once the estimated prompt passes this share of the window. */
export const COMPACT_AT = 0.75;
/** After summarising, the summary and the turns kept verbatim aim below this share. */
export const COMPACT_TO = 0.5;
/** Tool outputs of the newest turns (the current one and the one before) are always sent whole. */
export const KEEP_OUTPUT_TURNS = 2;
/** An output this short costs less than explaining its absence: never trimmed. */
export const TRIM_MIN_CHARS = 400;

export type Budget = { window: number; threshold: number; target: number };

export function budgetFor(window: number): Budget {
  return { window, threshold: Math.floor(window * COMPACT_AT), target: Math.floor(window * COMPACT_TO) };
}

const lengthOf = (value: unknown) =>
  typeof value === "string" ? value.length : (JSON.stringify(value) ?? "").length;

export function estimateTokens(value: unknown): number {
  return Math.ceil(lengthOf(value) / CHARS_PER_TOKEN);
}

export const trimmedMarker = (chars: number) => `[output trimmed: ${chars} chars]`;

/** Indices where turns begin: at every user message (and at 0, whatever comes first). */
export function turnStarts(messages: readonly { role: string }[]): number[] {
  const starts: number[] = [];
  messages.forEach((m, i) => {
    if (i === 0 || m.role === "user") starts.push(i);
  });
  return starts;
}

/** Where the newest `turns` turns begin (0 when there are no more than that). */
export function keepFrom(messages: readonly { role: string }[], turns: number): number {
  const starts = turnStarts(messages);
  return starts.length > turns ? (starts.at(-turns) ?? 0) : 0;
}

/**
 * Every tool result before index `before` replaced by a marker saying how long it was; the input
 * is not changed (the same arrays may be stored history). Returns the new list and how many went.
 */
export function trimToolOutputs(
  messages: readonly ModelMessage[],
  before: number,
): { messages: ModelMessage[]; trimmed: number } {
  let trimmed = 0;
  const out = messages.map((m, i): ModelMessage => {
    if (i >= before || m.role !== "tool") return m;
    return {
      ...m,
      content: m.content.map((part) => {
        if (part.type !== "tool-result") return part;
        const chars = lengthOf(part.output);
        if (chars < TRIM_MIN_CHARS) return part;
        trimmed++;
        return { ...part, output: { type: "text" as const, value: trimmedMarker(chars) } };
      }),
    };
  });
  return { messages: out, trimmed };
}

/**
 * Between steps of one answer (the agent reading file after file): when the prompt has grown past
 * the threshold, outputs older than the newest turns are trimmed, then, if that is not enough,
 * every output but the newest step's. Undefined when nothing needs to change.
 */
export function trimForStep(
  messages: readonly ModelMessage[],
  fixedTokens: number,
  budget: Budget,
): { messages: ModelMessage[]; trimmed: number } | undefined {
  const fits = (ms: readonly ModelMessage[]) => fixedTokens + estimateTokens(ms) <= budget.threshold;
  if (fits(messages)) return undefined;
  const first = trimToolOutputs(messages, keepFrom(messages, KEEP_OUTPUT_TURNS));
  if (fits(first.messages)) return first.trimmed ? first : undefined;
  let lastTool = messages.length;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === "tool") {
      lastTool = i;
      break;
    }
  }
  const second = trimToolOutputs(messages, lastTool);
  return second.trimmed ? second : undefined;
}
