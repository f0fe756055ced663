// The workspace event bus: workspace modules publish here and never reach for socket.io; realtime
// subscribes and forwards to the browser rooms (so its only arrow points into workspaces).
// Next bundles route handlers apart from the custom server, so one process holds two copies of
// this module: the emitter lives in a process-wide slot, or a publish from a route handler's copy
// would reach no subscriber.
import { EventEmitter } from "node:events";
import type { WorkspaceEvent, WorkspaceEventPayload } from "../../contract/workspaces";
import { processSlot } from "../process-state";

/** One event for one workspace's watchers. */
export type WorkspaceMessage = {
  [E in WorkspaceEvent]: { id: string; event: E; payload: WorkspaceEventPayload<E> };
}[WorkspaceEvent];

/** Who is looking, as realtime knows it; until realtime attaches (tests, scripts) nobody is. */
export type Audience = {
  /** Workspaces with at least one open tab. */
  watched(): string[];
  /** How many tabs of this workspace are in front. */
  activeTabs(id: string): number;
};

type Bus = { emitter: EventEmitter<{ message: [WorkspaceMessage] }>; audience: Audience | null };

const bus = processSlot("workspace-events", (): Bus => {
  const emitter = new EventEmitter<{ message: [WorkspaceMessage] }>();
  emitter.setMaxListeners(0); // subscribers are few and long-lived (realtime, tests)
  return { emitter, audience: null };
});

/** Publishes `event` to everyone watching workspace `id`. Synchronous; never throws. */
export function publishWorkspaceEvent<E extends WorkspaceEvent>(
  id: string,
  event: E,
  payload: WorkspaceEventPayload<E>,
): void {
  bus.emitter.emit("message", { id, event, payload } as WorkspaceMessage);
}

/** Calls `listener` for every workspace event; returns the unsubscribe. */
export function subscribeWorkspaceEvents(listener: (m: WorkspaceMessage) => void): () => void {
  bus.emitter.on("message", listener);
  return () => {
    bus.emitter.off("message", listener);
  };
}

/** Realtime installs what it knows about open tabs (null removes it again). */
export function setAudience(audience: Audience | null): void {
  bus.audience = audience;
}

export function watchedWorkspaces(): string[] {
  return bus.audience?.watched() ?? [];
}

export function activeTabs(id: string): number {
  return bus.audience?.activeTabs(id) ?? 0;
}
