// Everything that lives once per Node process (the logger, the runtime, the database client, the
// socket.io server, in-memory locks and maps) is a slot here. Next bundles route handlers apart
// from the custom server, so one process holds two copies of every module; the slots therefore
// live on globalThis under ONE well-known symbol, and this file is the only one that touches it.
const STATE = Symbol.for("kalpana.process-state");

type Slots = Map<string, unknown>;

function slots(): Slots {
  const g = globalThis as { [STATE]?: Slots };
  g[STATE] ??= new Map();
  return g[STATE];
}

/** The process-wide value named `name`, made by `create` the first time anyone asks. */
export function processSlot<T>(name: string, create: () => T): T {
  const all = slots();
  if (!all.has(name)) all.set(name, create());
  return all.get(name) as T;
}

/** The value in slot `name` if someone has filled it (e.g. the socket.io server once attached). */
export function peekProcessSlot<T>(name: string): T | undefined {
  return slots().get(name) as T | undefined;
}

/**
 * Fills (or, with `undefined`, empties) slot `name`: the custom server installs what it made,
 * and tests install fakes (a runtime without Docker, a log destination) before the first use.
 */
export function setProcessSlot<T>(name: string, value: T | undefined): void {
  if (value === undefined) slots().delete(name);
  else slots().set(name, value);
}
