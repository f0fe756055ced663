// The process-wide runtime. Swap the implementation here (e.g. Swarm) without touching callers.
import { DockerRuntime } from "./docker/docker-runtime";
import type { Runtime } from "./runtime";

export * from "./runtime";

const KEY = Symbol.for("kalpana.runtime");

export function runtime(): Runtime {
  const g = globalThis as { [KEY]?: Runtime };
  g[KEY] ??= new DockerRuntime();
  return g[KEY];
}
