// Swarm marks a node down 12-15 s after its engine stops answering (SWARM.md); the reconciler's 30 s
// tick would add up to 30 s more before that node's workspaces say "its machine is unavailable". One
// read of the node list every few seconds (a single call to the manager) tells the reconciler at once
// when any node's state changes: down, back, drained.
import { logger } from "../../log/log";
import type { SwarmNode } from "./tasks";

const log = logger("runtime");

/** What a change of is worth a reconcile: each node's state and availability. */
export function nodesFingerprint(nodes: SwarmNode[]): string {
  return nodes
    .map((n) => `${n.ID}:${n.Status?.State ?? "?"}:${n.Spec?.Availability ?? "?"}`)
    .sort()
    .join(",");
}

/**
 * Calls `onChange` whenever the nodes' fingerprint differs from the previous read (not on the first
 * read: the reconciler runs at start anyway). A failed read is skipped, not a change. Returns stop.
 */
export function pollNodeChanges(
  listNodes: () => Promise<SwarmNode[]>,
  onChange: () => void,
  intervalMs = 2000,
): () => void {
  let last: string | null = null;
  let reading = false;
  let failing = false;
  const poll = async () => {
    if (reading) return;
    reading = true;
    try {
      const now = nodesFingerprint(await listNodes());
      if (last !== null && now !== last) {
        log.info({ nodes: now }, "a Swarm node changed state: reconciling");
        onChange();
      }
      last = now;
      failing = false;
    } catch (err) {
      // Once per outage, not every few seconds while the manager is away.
      if (!failing) log.warn({ err: (err as Error).message }, "reading the Swarm nodes failed");
      failing = true;
    } finally {
      reading = false;
    }
  };
  void poll();
  const timer = setInterval(poll, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
