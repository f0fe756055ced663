// Next bundles route handlers separately from the custom server, so one Node process holds two
// copies of these modules. In-memory state (locks, phase logs, activity) must therefore live on
// globalThis, keyed by a well-known symbol, or the two copies would not see each other.
export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`kalpana.${name}`);
  const g = globalThis as unknown as Record<symbol, T | undefined>;
  g[key] ??= create();
  return g[key];
}
