// Starts throw-away workspace containers the way the control plane does: named volumes,
// files put in before start (secret, Nix config), loopback ports with Docker-chosen host
// ports. Everything is labelled kalpana.test=1 so a crashed run can be cleaned up.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { UPSTREAM_SECRET_HEADER, UPSTREAM_TARGET_HEADER } from "../../bridge/protocol/index";
import { WORKSPACE_PATHS, WORKSPACE_PORTS, WORKSPACE_VOLUMES } from "../constants";
import { run, runOk } from "../lib/run";

export const TEST_LABEL = "kalpana.test=1";

export interface Workspace {
  name: string;
  /** When `docker create` began (after the volumes existed). */
  createdAt: number;
  secret: string;
  bridgeUrl: string;
  /** code-server, through the bridge's front: send ideHeaders with every request. */
  ideUrl: string;
  ideHeaders: Record<string, string>;
  volumes: string[];
  exec(command: string): Promise<{ code: number; stdout: string; stderr: string }>;
  readJson<T>(file: string): Promise<T>;
  /** docker start, then look up the bridge's host port (done already unless StartOptions.created). */
  start(): Promise<void>;
  restart(): Promise<void>;
  remove(): Promise<void>;
}

export interface StartOptions {
  image: string;
  env?: Record<string, string>;
  /** Files for WORKSPACE_PATHS.nixEnvDir, by name. */
  nixFiles?: Record<string, string>;
  /** Mount these existing volumes (another workspace's) instead of creating new ones. */
  volumes?: string[];
  /** Only create the container and put the files in; call start() yourself. */
  created?: boolean;
}

/** Tar `files` (relative paths under `dir`) owned by uid 1000 and stream it into the container. */
async function putArchive(container: string, dest: string, files: Record<string, string>, mode = "0644") {
  const dir = mkdtempSync(path.join(tmpdir(), "kalpana-put-"));
  try {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text, { mode: Number.parseInt(mode, 8) });
    }
    const top = [...new Set(Object.keys(files).map((f) => f.split("/")[0]!))];
    // Directory entries keep their mode: 0700 for the secret's folder, like the image's.
    await runOk("sh", [
      "-c",
      `tar -C "$1" --owner=1000 --group=1000 --mode=go-rwx -c ${top.map((t) => `'${t}'`).join(" ")} | docker cp - "$2"`,
      "sh",
      dir,
      `${container}:${dest}`,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function hostPort(container: string, port: number): Promise<string> {
  const out = await runOk("docker", ["port", container, `${port}/tcp`]);
  const first = out.trim().split("\n")[0] ?? "";
  return `http://${first.replace("0.0.0.0", "127.0.0.1")}`;
}

export async function startWorkspace(opts: StartOptions): Promise<Workspace> {
  const name = `kalpana-test-${randomBytes(4).toString("hex")}`;
  const volumes = opts.volumes ?? Object.keys(WORKSPACE_VOLUMES).map((v) => `${name}-${v}`);
  if (!opts.volumes) {
    await Promise.all(volumes.map((v) => runOk("docker", ["volume", "create", "--label", TEST_LABEL, v])));
  }
  // Volumes belong to workspace creation; a start is create + putArchive + start (bench.ts).
  const createdAt = Date.now();
  const mounts = Object.values(WORKSPACE_VOLUMES).flatMap((p, i) => ["-v", `${volumes[i]}:${p}`]);
  const env = Object.entries(opts.env ?? {}).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  await runOk("docker", [
    "create",
    "--name",
    name,
    "--label",
    TEST_LABEL,
    "--security-opt",
    "no-new-privileges",
    "-p",
    `127.0.0.1::${WORKSPACE_PORTS.bridge}`,
    ...mounts,
    ...env,
    opts.image,
  ]);
  const secret = randomBytes(32).toString("hex");
  await putArchive(
    name,
    "/etc",
    { [`kalpana/${path.basename(WORKSPACE_PATHS.bridgeSecret)}`]: secret },
    "0600",
  );
  if (opts.nixFiles) {
    const files = Object.fromEntries(Object.entries(opts.nixFiles).map(([f, t]) => [`.kalpana/env/${f}`, t]));
    await putArchive(name, "/home/coder", files);
  }
  const ws: Workspace = {
    name,
    createdAt,
    secret,
    volumes,
    bridgeUrl: "",
    ideUrl: "",
    ideHeaders: { [UPSTREAM_SECRET_HEADER]: secret, [UPSTREAM_TARGET_HEADER]: "ide" },
    exec: (command) => run("docker", ["exec", "-u", "1000", name, "bash", "-c", command]),
    readJson: async (file) => JSON.parse(await runOk("docker", ["exec", name, "cat", file])),
    start: () => start(),
    async restart() {
      await runOk("docker", ["stop", "-t", "5", name]);
      await start();
    },
    async remove() {
      await run("docker", ["rm", "-f", "-v", name]);
      for (const v of volumes) await run("docker", ["volume", "rm", "-f", v]);
    },
  };
  async function start() {
    await runOk("docker", ["start", name]);
    ws.bridgeUrl = await hostPort(name, WORKSPACE_PORTS.bridge);
    ws.ideUrl = ws.bridgeUrl;
  }
  if (!opts.created) await start();
  return ws;
}

/** One GET, resolving to the status code. node:http, not fetch: undici's fetch can leave its
 * promise unsettled (and the event loop empty) when docker-proxy resets a connection. */
export function httpStatus(
  url: string,
  timeoutMs = 2000,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

/** Polls GET url until it answers 200; returns the elapsed ms. */
export async function waitHttp(
  url: string,
  timeoutMs = 30_000,
  headers: Record<string, string> = {},
): Promise<number> {
  const started = Date.now();
  let last = "";
  while (Date.now() - started < timeoutMs) {
    try {
      const status = await httpStatus(url, 2000, headers);
      if (status === 200) return Date.now() - started;
      last = `HTTP ${status}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last})`);
}
