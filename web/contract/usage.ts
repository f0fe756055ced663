// Token use and cost. OpenRouter reports both per request (the provider asks with
// `usage: { include: true }`; the cost arrives in providerMetadata.openrouter.usage.cost, in
// credits = US dollars). One answer is several requests (one per step) and may span several HTTP
// requests (an approval continues the same message), so answers add up; a thread is the sum of its
// answers. Browser-safe: the panel formats with the same helpers.
import type { AgentUsage } from "./agent";

type MessageLike = { role: string; metadata?: { usage?: AgentUsage } | unknown };

const add = (a: number | undefined, b: number | undefined) =>
  a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);

export function addUsage(a: AgentUsage | undefined, b: AgentUsage | undefined): AgentUsage {
  const u: AgentUsage = {
    inputTokens: add(a?.inputTokens, b?.inputTokens),
    outputTokens: add(a?.outputTokens, b?.outputTokens),
    totalTokens: add(a?.totalTokens, b?.totalTokens),
    cost: add(a?.cost, b?.cost),
  };
  return Object.fromEntries(Object.entries(u).filter(([, v]) => v !== undefined)) as AgentUsage;
}

/** The cost OpenRouter reported for one request, if it did. */
export function costFrom(providerMetadata: unknown): number | undefined {
  const cost = (providerMetadata as { openrouter?: { usage?: { cost?: unknown } } } | undefined)?.openrouter
    ?.usage?.cost;
  return typeof cost === "number" && Number.isFinite(cost) && cost >= 0 ? cost : undefined;
}

/** The thread's total: every answer's stored usage, summed. */
export function threadUsage(messages: readonly MessageLike[]): AgentUsage {
  let total: AgentUsage = {};
  for (const m of messages) {
    const u = (m.metadata as { usage?: AgentUsage } | undefined)?.usage;
    if (m.role === "assistant" && u) total = addUsage(total, u);
  }
  return total;
}

// One formatter: toLocaleString builds an ICU number format on every call (the server formats each
// answer's usage for its audit line).
const counts = new Intl.NumberFormat("en-US");

/** "1,234 tokens · $0.0042", or with detail "1,200 in / 34 out tokens · $0.0042" (cost only when reported). */

export function formatUsage(u: AgentUsage, { detail = false } = {}): string {
  const n = (v: number | undefined) => counts.format(v ?? 0);
  const tokens = detail
    ? `${n(u.inputTokens)} in / ${n(u.outputTokens)} out tokens`
    : `${n(u.totalTokens)} tokens`;
  if (u.cost === undefined) return tokens;
  const cost = u.cost === 0 ? "$0" : u.cost < 0.0001 ? "<$0.0001" : `$${u.cost.toFixed(u.cost < 1 ? 4 : 2)}`;
  return `${tokens} · ${cost}`;
}

/** What one request added to an answer that already had `before` (an approval continuation). */
export function usageDelta(after: AgentUsage | undefined, before: AgentUsage | undefined): AgentUsage {
  if (!after) return {};
  const sub = (a: number | undefined, b: number | undefined) =>
    a === undefined ? undefined : Math.max(0, a - (b ?? 0));
  return addUsage(
    {},
    {
      inputTokens: sub(after.inputTokens, before?.inputTokens),
      outputTokens: sub(after.outputTokens, before?.outputTokens),
      totalTokens: sub(after.totalTokens, before?.totalTokens),
      cost: sub(after.cost, before?.cost),
    },
  );
}
