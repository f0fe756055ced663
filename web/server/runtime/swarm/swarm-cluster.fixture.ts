// A real 3-node Swarm for a test file (scripts/testing/swarm-cluster.sh): up in `before`, down in
// `after` (by PID and cgroup, also after a failure). The real workspace image is pushed to its registry.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { after, before } from "node:test";
import Docker from "dockerode";
import { repoRoot } from "../../../testing/web-server.fixture";

export const CLUSTER_SCRIPT = path.join(repoRoot, "scripts/testing/swarm-cluster.sh");
export const SWARM_IMAGE = process.env.KALPANA_TEST_WORKSPACE_IMAGE ?? "kalpana/workspace:latest";

export type Cluster = {
  /**
   * What swarm-cluster.sh printed: DOCKER_HOST, KALPANA_REGISTRY, KALPANA_SWARM_NODE_SOCKET,
   * KALPANA_DISK_DIR (the nodes' disk images, released by `down`), KALPANA_DISK_LINK_DIR (their
   * links, removed by `down`), KALPANA_SWARM_SOCK_<node>.
   */
  env: Record<string, string>;
  /** The manager's engine. */
  manager: Docker;
  /** One node's own engine (mgr, w1, w2). */
  node: (name: string) => Docker;
  /** The web server's settings for this cluster. */
  runtimeEnv: () => Record<string, string>;
};

const socketOf = (url: string) => url.replace(/^unix:\/\//, "");

/** Registers the cluster's before/after hooks; the object fills in once `before` has run. */
export function swarmClusterFor(enabled: boolean, onUp?: (c: Cluster) => void): Cluster {
  const cluster: Cluster = {
    env: {},
    manager: undefined as unknown as Docker,
    node: (name) => new Docker({ socketPath: socketOf(cluster.env[`KALPANA_SWARM_SOCK_${name}`]!) }),
    runtimeEnv: () => ({
      KALPANA_RUNTIME: "swarm",
      DOCKER_HOST: cluster.env.DOCKER_HOST!,
      KALPANA_REGISTRY: cluster.env.KALPANA_REGISTRY!,
      KALPANA_SWARM_NODE_SOCKET: cluster.env.KALPANA_SWARM_NODE_SOCKET!,
      KALPANA_DISK_DIR: cluster.env.KALPANA_DISK_DIR!,
      KALPANA_DISK_LINK_DIR: cluster.env.KALPANA_DISK_LINK_DIR!,
      KALPANA_WORKSPACE_IMAGE: SWARM_IMAGE,
    }),
  };
  before(() => {
    if (!enabled) return;
    const out = execFileSync("bash", [CLUSTER_SCRIPT, "up", "--image", SWARM_IMAGE], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    cluster.env = Object.fromEntries(
      out
        .trim()
        .split("\n")
        .map((l) => l.split("=", 2) as [string, string]),
    );
    cluster.manager = new Docker({ socketPath: socketOf(cluster.env.DOCKER_HOST!) });
    onUp?.(cluster);
  });
  return cluster;
}

/** Call after registering the file's other hooks: node:test runs `after` hooks in order. */
export function tearDownSwarmCluster(enabled: boolean): void {
  after(() => {
    if (enabled) execFileSync("bash", [CLUSTER_SCRIPT, "down"], { stdio: "inherit" });
  });
}
