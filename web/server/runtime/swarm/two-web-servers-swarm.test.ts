// Two web servers on one PostgreSQL and one real 3-node Swarm (the scenario of
// workspaces/two-web-servers.scenario.ts): the workspace runs on a worker (the manager takes none
// here), is opened, used by the agent and stopped through the other web server, and a start sent to
// both at once starts it once.
import { execFileSync } from "node:child_process";
import { dockerAvailable } from "../../../testing/docker.fixture";
import { twoWebServerSuite } from "../../workspaces/two-web-servers.scenario";
import { swarmClusterFor, tearDownSwarmCluster } from "./swarm-cluster.fixture";
import type { SwarmTask } from "./tasks";

const enabled = (dockerAvailable() && process.getuid?.() === 0) || Boolean(process.env.CI);
const cluster = swarmClusterFor(enabled, (c) => {
  // Workers only: the scenario's workspaces must run away from the manager.
  execFileSync("docker", ["node", "update", "--label-rm", "kalpana.pool", "ks-mgr"], {
    env: { ...process.env, DOCKER_HOST: c.env.DOCKER_HOST },
  });
});

const running = async (id: string) =>
  ((await cluster.manager.listTasks({ filters: { service: [`kalpana-ws-${id}`] } })) as SwarmTask[]).filter(
    (t) => t.Status?.State === "running",
  );

twoWebServerSuite(enabled, {
  env: () => cluster.runtimeEnv(),
  runningContainers: async (id) => (await running(id)).length,
  readFile: async (id, file) => {
    const [task] = await running(id);
    if (!task?.NodeID) throw new Error(`${id} has no running task`);
    const node = (await cluster.manager.getNode(task.NodeID).inspect()) as {
      Description: { Hostname: string };
    };
    if (node.Description.Hostname === "ks-mgr") throw new Error("the workspace runs on the manager");
    const sock = cluster.env[`KALPANA_SWARM_SOCK_${node.Description.Hostname.replace(/^ks-/, "")}`]!;
    return execFileSync("docker", ["exec", task.Status!.ContainerStatus!.ContainerID!, "cat", file], {
      encoding: "utf8",
      env: { ...process.env, DOCKER_HOST: sock },
    });
  },
});

tearDownSwarmCluster(enabled);
