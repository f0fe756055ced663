// Network isolation from the attacker's side: two workspaces made by the production runtime
// (DockerRuntime, real image, real engine, the host firewall as the runtime installs it). From inside
// workspace A, as its user and as root, nothing of workspace B answers on any port it listens on
// (while B reaches itself there, so the probe can fail), nor do B's published ports via the host, nor
// a fake cloud metadata service on 169.254.169.254 that the host itself reaches (a network namespace
// made here), nor the host on a link-local address. A still clones from a git server on the host.
// Traffic goes only to loopback, the test containers and the namespace made here.
import assert from "node:assert/strict";
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import {
  bridgeGateway,
  cleanupDocker,
  dockerAvailable,
  dockerCli,
  testRun,
} from "../../../testing/docker.fixture";
import { type GitServer, startGitServer } from "../../../testing/git-server.fixture";
import { DockerRuntime } from "./docker-runtime";
import { BRIDGE_PORT, containerName, NETWORK_NAME } from "./names";

const enabled = dockerAvailable() || Boolean(process.env.CI);
// The firewall and the namespace need root, as `npm test` has; only a local non-root run may skip.
const root = process.getuid?.() === 0;
const skip = !enabled ? "Docker is not available" : !root && !process.env.CI ? "needs root" : false;

const run = testRun();
const ids = { a: `iso${run.id}a`, b: `iso${run.id}b` };
const names = { a: containerName(ids.a), b: containerName(ids.b) };
const ns = { name: `kalpana-md-${run.id}`, host: `kmd${run.id}h`, peer: `kmd${run.id}n` };
const METADATA = "169.254.169.254";
const LINK = { host: "169.254.199.1", peer: "169.254.199.2" }; // the veth pair's own /30
const B_PORTS = { user4: 4000, userDual: 5173, root4: 9000 };

const rt = new DockerRuntime();
let dataDir = "";
let metadataServer: ChildProcess | undefined;
let git: GitServer | undefined;
let gateway = ""; // the workspace network's gateway: the host as a workspace sees it
let bIp = "";
let hostSawMetadata = "";

const sh = (cmd: string, ...args: string[]) =>
  execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Async where a server of this process (the git server) must answer meanwhile.
const dockerAsync = async (...args: string[]) =>
  (await promisify(execFile)("docker", args, { encoding: "utf8" })).stdout.trim();

/** Tries a TCP connect to every port; prints {port: "connected" | error code | "timeout"}. */
const PROBE = `const net = require("net"); const [host, ...ports] = process.argv.slice(1);
Promise.all(ports.map((p) => new Promise((done) => {
  const s = net.connect({ host, port: Number(p) });
  const t = setTimeout(() => { s.destroy(); done([p, "timeout"]); }, 2500);
  s.on("connect", () => { clearTimeout(t); s.destroy(); done([p, "connected"]); });
  s.on("error", (e) => { clearTimeout(t); done([p, e.code || e.message]); });
}))).then((r) => console.log(JSON.stringify(Object.fromEntries(r))));`;

async function probe(container: string, user: "1000" | "0", host: string, ports: number[]) {
  const out = await dockerAsync(
    "exec",
    "-u",
    user,
    container,
    "node",
    "-e",
    PROBE,
    host,
    ...ports.map(String),
  );
  return JSON.parse(out) as Record<string, string>;
}

/** TCP ports listening inside a container, from its own /proc (IPv4 and IPv6), with the bind address. */
function listening(container: string): { port: number; wildcard: boolean }[] {
  const found = new Map<number, boolean>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const text = dockerCli("exec", container, "cat", file);
    for (const line of text.split("\n").slice(1)) {
      const [, local = "", , state] = line.trim().split(/\s+/);
      if (state !== "0A") continue; // LISTEN
      const [addr = "", hex = ""] = local.split(":");
      const port = Number.parseInt(hex, 16);
      found.set(port, (found.get(port) ?? false) || /^0+$/.test(addr));
    }
  }
  return [...found].map(([port, wildcard]) => ({ port, wildcard }));
}

async function waitListening(container: string, ports: number[], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const have = new Set(listening(container).map((l) => l.port));
    if (ports.every((p) => have.has(p))) return;
    if (Date.now() > deadline)
      throw new Error(`${container}: ports ${ports} not all listening (${[...have]})`);
    await sleep(250);
  }
}

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve(body));
    });
    req.setTimeout(2000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

/** A fake cloud metadata host: a namespace owning 169.254.169.254, routed from the host over a veth. */
async function startFakeMetadata() {
  sh("ip", "netns", "add", ns.name);
  sh("ip", "link", "add", ns.host, "type", "veth", "peer", "name", ns.peer);
  sh("ip", "link", "set", ns.peer, "netns", ns.name);
  sh("ip", "addr", "add", `${LINK.host}/30`, "dev", ns.host);
  sh("ip", "link", "set", ns.host, "up");
  sh("ip", "-n", ns.name, "addr", "add", `${LINK.peer}/30`, "dev", ns.peer);
  sh("ip", "-n", ns.name, "addr", "add", `${METADATA}/32`, "dev", ns.peer);
  sh("ip", "-n", ns.name, "link", "set", ns.peer, "up");
  sh("ip", "-n", ns.name, "link", "set", "lo", "up");
  sh("ip", "-n", ns.name, "route", "add", "default", "via", LINK.host);
  sh("ip", "route", "add", `${METADATA}/32`, "via", LINK.peer, "dev", ns.host);
  const server = `require("http").createServer((q, s) => s.end("fake-metadata")).listen(80, "0.0.0.0")`;
  metadataServer = spawn("ip", ["netns", "exec", ns.name, process.execPath, "-e", server], {
    stdio: "ignore",
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await httpGet(`http://${METADATA}/latest/meta-data/`);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(100);
    }
  }
}

before(async () => {
  if (skip) return;
  dataDir = mkdtempSync(path.join(tmpdir(), "kalpana-iso-"));
  process.env.KALPANA_DATA_DIR = dataDir;
  const { workspaceImage } = await import("../../workspaces/image");
  const image = process.env.KALPANA_TEST_WORKSPACE_IMAGE ?? (await workspaceImage());
  const labels = { "kalpana.test": "1", "kalpana.testrun": run.id };
  for (const id of [ids.a, ids.b]) {
    await rt.create({
      workspaceId: id,
      ownerId: "u-iso",
      image,
      memoryMb: 512,
      cpus: 1,
      pidsLimit: 512,
      env: { KALPANA_IDE_BASE_PATH: `/w/${id}/ide` },
      labels,
    });
    const secret = { path: "/etc/kalpana/bridge.secret", content: `${run.id}-${id}\n`, mode: 0o400 };
    await rt.putFiles(id, [secret]);
  }
  // B plays a workspace made before this network existed: on Docker's default bridge only.
  dockerCli("network", "connect", "bridge", names.b);
  dockerCli("network", "disconnect", NETWORK_NAME, names.b);
  await rt.start(ids.a);
  await rt.start(ids.b);

  const inspect = (n: string, f: string) => dockerCli("inspect", n, "--format", f);
  bIp = inspect(names.b, `{{(index .NetworkSettings.Networks "${NETWORK_NAME}").IPAddress}}`);
  gateway = inspect(names.b, `{{(index .NetworkSettings.Networks "${NETWORK_NAME}").Gateway}}`);
  const listen = (port: number, host: string) =>
    // The error handler: a probe resets the connection, which must not kill the listener.
    `require("net").createServer((s) => s.on("error", () => {}).end("B\\n")).listen(${port}, "${host}");`;
  dockerCli(
    "exec",
    "-d",
    "-u",
    "1000",
    names.b,
    "node",
    "-e",
    listen(B_PORTS.user4, "0.0.0.0") + listen(B_PORTS.userDual, "::"),
  );
  dockerCli("exec", "-d", "-u", "0", names.b, "node", "-e", listen(B_PORTS.root4, "0.0.0.0"));
  await waitListening(names.b, [Number.parseInt(BRIDGE_PORT, 10), ...Object.values(B_PORTS)]);
  hostSawMetadata = await startFakeMetadata();
  git = await startGitServer({ gateway: bridgeGateway(), acceptToken: () => false });
  git.addRepo({ owner: "o", name: "r", branches: { main: { "README.md": "cloned through the host\n" } } });
});

after(async () => {
  if (skip) return;
  metadataServer?.kill();
  // Deleting one end of the veth pair deletes both and the host route, even while the server exits.
  for (const args of [
    ["link", "del", ns.host],
    ["netns", "del", ns.name],
  ]) {
    try {
      sh("ip", ...args);
    } catch {
      // never created (an earlier step failed)
    }
  }
  await git?.close();
  cleanupDocker(run.id);
  rmSync(dataDir, { recursive: true, force: true });
});

test("both workspaces sit on the workspace network only (an old default-bridge one is moved at start)", {
  skip,
}, () => {
  for (const n of [names.a, names.b]) {
    const nets = JSON.parse(dockerCli("inspect", n, "--format", "{{json .NetworkSettings.Networks}}"));
    assert.deepEqual(Object.keys(nets), [NETWORK_NAME], n);
  }
  // No IPv6 in the container: Docker's ICC-off rules are IPv4 only.
  const v6 = dockerCli("exec", names.b, "cat", "/proc/net/if_inet6");
  assert.equal(v6, "", "B has an IPv6 address");
});

test("from A, as its user and as root, no port of B answers; B reaches itself on the same ports", {
  skip,
}, async (t) => {
  const ports = listening(names.b);
  t.diagnostic(`B listens on ${ports.map((p) => `${p.port}${p.wildcard ? "" : " (loopback)"}`).join(", ")}`);
  const open = ports.filter((p) => p.wildcard).map((p) => p.port);
  for (const p of Object.values(B_PORTS)) assert.ok(open.includes(p), `B listens on ${p} on every address`);

  // The same probe, from B to its own network address, connects: before and after A's attempts (so
  // the listeners were alive throughout).
  const selfCheck = async () => {
    const self = await probe(names.b, "1000", bIp, open);
    for (const p of open) assert.equal(self[p], "connected", `B → itself :${p}`);
  };
  await selfCheck();
  const all = ports.map((p) => p.port);
  for (const user of ["1000", "0"] as const) {
    const seen = await probe(names.a, user, bIp, all);
    for (const p of all) assert.notEqual(seen[p], "connected", `A (uid ${user}) reached B:${p}`);
  }
  await selfCheck();
});

test("from A, B's published host ports are closed through the host too", { skip }, async () => {
  const ep = await rt.endpoint(ids.b);
  assert.ok(ep, "B has an endpoint");
  // The web server's way in (loopback) works ...
  assert.equal(await httpGet(`http://127.0.0.1:${ep.bridgePort}/healthz`).then(() => "ok"), "ok");
  // ... but a workspace sees the host only as its gateway, where nothing of B is bound.
  for (const user of ["1000", "0"] as const) {
    const seen = await probe(names.a, user, gateway, [ep.bridgePort]);
    for (const [port, result] of Object.entries(seen))
      assert.notEqual(result, "connected", `A → host:${port}`);
  }
});

test("the cloud metadata address answers the host, never a workspace", { skip }, async () => {
  assert.equal(hostSawMetadata, "fake-metadata", "precondition: the host reaches the fake metadata");
  for (const user of ["1000", "0"] as const) {
    const seen = await probe(names.a, user, METADATA, [80]);
    assert.notEqual(seen["80"], "connected", `A (uid ${user}) reached ${METADATA}`);
    const link = await probe(names.a, user, LINK.peer, [80]);
    assert.notEqual(link["80"], "connected", `A (uid ${user}) reached ${LINK.peer}`);
  }
});

test("A clones from a git server on the host; the host on a link-local address stays closed", {
  skip,
}, async () => {
  assert.ok(git);
  const out = await dockerAsync(
    "exec",
    "-u",
    "1000",
    names.a,
    "bash",
    "-c",
    `git clone -q ${git.urlFor("o", "r")} /tmp/clone && cat /tmp/clone/README.md`,
  );
  assert.equal(out, "cloned through the host");
  // The same server, addressed by a link-local address of the host (INPUT rule), does not answer.
  const seen = await probe(names.a, "0", LINK.host, [git.port]);
  assert.notEqual(seen[git.port], "connected", `A reached the host at ${LINK.host}`);
});
