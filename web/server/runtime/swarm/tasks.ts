// Reading a workspace's state from Swarm's tasks and nodes (pure: the runtime fetches, these decide).
// Replica counts lie while a node is down (SWARM.md): only task states are believed.
import { type Endpoint, type InstanceState, LABEL_OWNER } from "../runtime";

/** The parts of GET /tasks and GET /nodes answers used here. */
export type SwarmTask = {
  ID: string;
  ServiceID?: string;
  NodeID?: string;
  DesiredState?: string;
  CreatedAt?: string;
  Status?: {
    Timestamp?: string;
    State?: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
    PortStatus?: { Ports?: { TargetPort?: number; PublishedPort?: number }[] };
  };
};
export type SwarmNode = {
  ID: string;
  Description?: { Hostname?: string };
  Spec?: { Labels?: Record<string, string>; Availability?: string };
  Status?: { State?: string; Addr?: string };
  /** Changes with every update of the node's object, a registration after a restart among them. */
  Version?: { Index?: number };
};
export type SwarmService = {
  ID: string;
  Spec: {
    Name: string;
    Labels?: Record<string, string>;
    Mode?: { Replicated?: { Replicas?: number } };
    TaskTemplate?: { Resources?: { Limits?: { MemoryBytes?: number } } };
  };
};

/** The label that pins a workspace (and its node-local volumes) to one node. */
export const LABEL_NODE = "kalpana.node";
/** Nodes that take workspaces carry this label (`docker node update --label-add kalpana.pool=ws`). */
export const POOL_LABEL = "kalpana.pool";
export const POOL_VALUE = "ws";

const newest = (tasks: SwarmTask[]) =>
  [...tasks].sort((a, b) => (b.CreatedAt ?? "").localeCompare(a.CreatedAt ?? ""))[0];

/** The task that runs now, if any. */
export function runningTask(tasks: SwarmTask[]): SwarmTask | undefined {
  return newest(tasks.filter((t) => t.Status?.State === "running"));
}

/** How long a task may sit "pending" on a node that is up before it counts as forgotten. */
export const PENDING_HEAL_MS = 10_000;
const UNDER_WAY = ["running", "starting", "preparing", "assigned", "accepted"];

/** A service that should run, on a node that is up, with nothing under way but a task pending too long. */
export function stuckPending(
  service: SwarmService,
  tasks: SwarmTask[],
  node: SwarmNode | undefined,
  now: number,
): boolean {
  if ((service.Spec.Mode?.Replicated?.Replicas ?? 0) < 1 || !nodeUp(node)) return false;
  if (tasks.some((t) => UNDER_WAY.includes(t.Status?.State ?? ""))) return false;
  return tasks.some(
    (t) => t.Status?.State === "pending" && now - Date.parse(t.Status?.Timestamp ?? "") > PENDING_HEAL_MS,
  );
}

/** Is the node usable for new and returning workspaces? */
export const nodeUp = (n: SwarmNode | undefined) => n?.Status?.State === "ready";

export const UNAVAILABLE = "its machine is unavailable";

/** Task states on the way to running. */
const BRINGING_UP = ["new", "pending", "assigned", "accepted", "ready", "preparing", "starting"];

export function toInstanceState(
  service: SwarmService,
  workspaceId: string,
  tasks: SwarmTask[],
  node: SwarmNode | undefined,
): InstanceState {
  const wanted = service.Spec.Mode?.Replicated?.Replicas ?? 0;
  // A node that is down reports nothing: its task still reads "running" (the container may even
  // run on, unreachable). Believe the node, not the task.
  const down = wanted > 0 && !nodeUp(node);
  const live = down ? undefined : runningTask(tasks);
  const last = runningTask(tasks) ?? newest(tasks);
  const state = live ? "running" : down ? "unavailable" : (last?.Status?.State ?? "created");
  // Swarm replaces a task by itself (restart policy "any"; the task made while its node was down,
  // once the node is back): not running yet, but not stopped either.
  const restarting =
    !live &&
    !down &&
    wanted > 0 &&
    tasks.some((t) => t.DesiredState === "running" && BRINGING_UP.includes(t.Status?.State ?? ""));
  const memory = service.Spec.TaskTemplate?.Resources?.Limits?.MemoryBytes;
  return {
    workspaceId,
    ownerId: service.Spec.Labels?.[LABEL_OWNER] ?? null,
    containerId: last?.Status?.ContainerStatus?.ContainerID ?? service.ID,
    running: Boolean(live),
    state,
    exitCode: live ? null : (last?.Status?.ContainerStatus?.ExitCode ?? null),
    oomKilled: false,
    error: down
      ? `${UNAVAILABLE} (node ${node?.Description?.Hostname ?? service.Spec.Labels?.[LABEL_NODE]})`
      : (last?.Status?.Err ?? null),
    memoryMb: memory ? Math.round(memory / (1024 * 1024)) : null,
    unavailable: down,
    node: node?.Description?.Hostname ?? service.Spec.Labels?.[LABEL_NODE],
    restarting,
    startedAt: live?.Status?.Timestamp ?? null,
    finishedAt: live ? null : (last?.Status?.Timestamp ?? null),
  };
}

/** The node's address and the host-mode port the bridge got on this start (it changes every start). */
export function toEndpoint(
  task: SwarmTask | undefined,
  node: SwarmNode | undefined,
  bridgePort: number,
): Endpoint | null {
  if (!nodeUp(node)) return null;
  const port = task?.Status?.PortStatus?.Ports?.find((p) => p.TargetPort === bridgePort)?.PublishedPort;
  const host = node?.Status?.Addr;
  return port && host ? { host, bridgePort: port } : null;
}

/**
 * Where a new workspace goes: among ready, active nodes of the pool, the one with the fewest
 * workspaces pinned to it (counting pins, not running tasks: two back-to-back creates would
 * otherwise land on one node), ties by hostname. Null when no node can take it.
 */
export function chooseNode(nodes: SwarmNode[], services: SwarmService[]): SwarmNode | null {
  const pinned = new Map<string, number>();
  for (const s of services) {
    const n = s.Spec.Labels?.[LABEL_NODE];
    if (n) pinned.set(n, (pinned.get(n) ?? 0) + 1);
  }
  const usable = nodes.filter(
    (n) => nodeUp(n) && n.Spec?.Availability === "active" && n.Spec?.Labels?.[POOL_LABEL] === POOL_VALUE,
  );
  usable.sort(
    (a, b) =>
      (pinned.get(a.ID) ?? 0) - (pinned.get(b.ID) ?? 0) ||
      (a.Description?.Hostname ?? "").localeCompare(b.Description?.Hostname ?? ""),
  );
  return usable[0] ?? null;
}
