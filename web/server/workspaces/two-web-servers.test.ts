// Two web servers on one PostgreSQL and this host's Docker engine (two-web-servers.scenario.ts).
import { dockerAvailable, dockerCli } from "../../testing/docker.fixture";
import { twoWebServerSuite } from "./two-web-servers.scenario";

twoWebServerSuite(dockerAvailable() || Boolean(process.env.CI), {
  env: () => ({}),
  runningContainers: async (id) =>
    dockerCli("ps", "-q", "--filter", `label=kalpana.workspace=${id}`).split("\n").filter(Boolean).length,
  readFile: async (id, file) => dockerCli("exec", `kalpana-ws-${id}`, "cat", file),
});
