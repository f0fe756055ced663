// The process-wide runtime: this host's Docker engine, or a Docker Swarm (KALPANA_RUNTIME=swarm,
// DOCKER_HOST naming a manager). Callers never know which.
import { config } from "../config";
import { processSlot } from "../process-state";
import { DockerRuntime } from "./docker/docker-runtime";
import type { Runtime } from "./runtime";
import { SwarmRuntime } from "./swarm/swarm-runtime";

export * from "./runtime";

/** Tests fill the "runtime" slot with an engine without containers (see http/routes.fixture.ts). */
export function runtime(): Runtime {
  return processSlot<Runtime>("runtime", () =>
    config().KALPANA_RUNTIME === "swarm" ? new SwarmRuntime() : new DockerRuntime(),
  );
}
