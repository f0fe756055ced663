// Per-turn checkpoints (docs/AGENT.md "Checkpoints and undo"): the bridge captures the workspace's
// files before and after an answer in a store of its own (never the person's repository); the two
// names travel in the answer's metadata, so undo needs no table of its own.
import type { BridgeClient } from "@kalpana/bridge/client";
import { generateId } from "ai";
import type { AgentUIMessage, TurnCheckpoint } from "../../contract/agent";
import { logger } from "../log/log";

const log = logger("agent");

/** Checkpoints kept per workspace (two per answer): older ones are pruned every PRUNE_EVERY answers. */
export const KEEP_CHECKPOINTS = 200;
/**
 * Pruning ends in `git prune`, which walks every object of the store: after each answer, once a
 * workspace had 100 answers, it was the heaviest thing a busy bridge did (bench:load). Every tenth
 * answer per connection (and the first after a connect) keeps the store at most 18 over the cap.
 */
export const PRUNE_EVERY = 10;
const answersSincePrune = new WeakMap<object, number>();

/** Whether this answer (on this bridge connection) should prune; counts it. */
function duePrune(bridge: object): boolean {
  const n = answersSincePrune.get(bridge);
  const due = n === undefined || n + 1 >= PRUNE_EVERY;
  answersSincePrune.set(bridge, due ? 0 : (n ?? 0) + 1);
  return due;
}

type Bridge = Pick<BridgeClient, "checkpoint">;
export type TurnStart = { before: string; beforeTree: string } | { error: string };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The "before" checkpoint of an answer. An approval continues a stored answer: it keeps that
 * answer's "before", so undo covers the whole answer. A failure (too large, bridge away) is kept
 * as the reason undo is unavailable; the answer itself goes on.
 */
export async function beginTurn(bridge: Bridge, continuing?: AgentUIMessage): Promise<TurnStart> {
  const prior = continuing?.role === "assistant" ? continuing.metadata?.checkpoint : undefined;
  if (prior?.before && prior.beforeTree) return { before: prior.before, beforeTree: prior.beforeTree };
  const before = `k${generateId()}-before`;
  try {
    const r = await bridge.checkpoint.create({ name: before });
    return { before, beforeTree: r.tree };
  } catch (e) {
    return { error: message(e) };
  }
}

/** The "after" checkpoint, once the answer ended (also when stopped), and pruning of old ones (duePrune). */
export async function endTurn(bridge: Bridge, start: TurnStart): Promise<TurnCheckpoint> {
  if ("error" in start) return { error: start.error };
  const after = start.before.replace(/-before$/, "-after");
  try {
    const r = await bridge.checkpoint.create({ name: after });
    if (duePrune(bridge))
      await bridge.checkpoint
        .prune({ keep: KEEP_CHECKPOINTS })
        .catch((err) => log.warn({ err }, "could not prune checkpoints"));
    return { ...start, after, changed: r.tree !== start.beforeTree };
  } catch (e) {
    return { error: message(e) };
  }
}

/** The checkpoint pair of a stored answer that changed files, or null when it cannot be undone. */
export function undoable(m: AgentUIMessage | undefined): { before: string; after: string } | null {
  const c = m?.role === "assistant" ? m.metadata?.checkpoint : undefined;
  return c?.before && c.after && c.changed ? { before: c.before, after: c.after } : null;
}
