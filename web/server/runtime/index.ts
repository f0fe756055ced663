// The process-wide runtime. Swap the implementation here (e.g. Swarm) without touching callers.
import { processSlot } from "../process-state";
import { DockerRuntime } from "./docker/docker-runtime";
import type { Runtime } from "./runtime";

export * from "./runtime";

/** Tests fill the "runtime" slot with an engine without containers (see http/routes.fixture.ts). */
export function runtime(): Runtime {
  return processSlot<Runtime>("runtime", () => new DockerRuntime());
}
