// Who and what a log line is about, carried implicitly: the custom server opens a context per HTTP
// request (request id), the session check adds the user, workspace code adds the workspace. Deeper
// code logs without passing any of it. One AsyncLocalStorage per process: Next's route bundles and
// the custom server hold separate copies of this module, so it lives in a process slot.
import { AsyncLocalStorage } from "node:async_hooks";
import { processSlot } from "../process-state";

export type LogContext = { requestId?: string; userId?: string; workspaceId?: string };

const storage = processSlot("log-context", () => new AsyncLocalStorage<LogContext>());

/** Runs `fn` with `ctx` added to (a copy of) the current context. */
export function withLogContext<T>(ctx: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...ctx }, fn);
}

/** Adds fields to the current context in place (e.g. the user once the session is known). */
export function addLogContext(ctx: LogContext): void {
  const store = storage.getStore();
  if (store) Object.assign(store, ctx);
}

export function logContext(): LogContext {
  return storage.getStore() ?? {};
}
