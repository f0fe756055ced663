// Docker helpers for tests: availability (skip only when Docker is absent AND CI is unset), a
// per-run label so cleanup removes exactly this run's containers and volumes, and the bridge gateway
// (how containers reach servers on the host).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import type { TestContext } from "node:test";

export function dockerAvailable(): boolean {
  try {
    execFileSync("docker", ["info", "--format", "{{.ServerVersion}}"], { stdio: "pipe", timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** Call at the start of a Docker test: skips without Docker locally; fails in CI. */
export function requireDocker(t: TestContext): boolean {
  if (dockerAvailable()) return true;
  if (process.env.CI) throw new Error("Docker is required in CI but `docker info` failed");
  t.skip("Docker is not available (set CI=1 to make this a failure)");
  return false;
}

/** Labels for this test run: pass as KALPANA_EXTRA_LABELS; cleanupDocker(run) removes them all. */
export function testRun(): { id: string; labels: string } {
  const id = randomBytes(4).toString("hex");
  return { id, labels: `kalpana.test=1,kalpana.testrun=${id}` };
}

function docker(args: string[]): string {
  return execFileSync("docker", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

export function cleanupDocker(runId: string): void {
  const filter = `label=kalpana.testrun=${runId}`;
  const containers = docker(["ps", "-aq", "--filter", filter]).split("\n").filter(Boolean);
  if (containers.length) docker(["rm", "-f", "-v", ...containers]);
  const volumes = docker(["volume", "ls", "-q", "--filter", filter]).split("\n").filter(Boolean);
  if (volumes.length) docker(["volume", "rm", "-f", ...volumes]);
  releaseDisks(volumes);
}

/**
 * The volumes' own filesystems (runtime/docker/disks.ts) outlive `docker volume rm`: detach their
 * loop devices and delete the images too. The host prints a loop's backing path relative to the
 * helper's bind mount, so match by file name.
 */
function releaseDisks(volumes: string[]): void {
  if (volumes.length === 0 || process.getuid?.() !== 0) return;
  const dir = process.env.KALPANA_DISK_DIR ?? "/var/lib/kalpana/disks";
  const linkDir = process.env.KALPANA_DISK_LINK_DIR ?? "/run/kalpana-disks";
  const names = new Set(volumes.map((v) => `${v}.img`));
  let loops = "";
  try {
    loops = execFileSync("losetup", ["-a"], { encoding: "utf8" });
  } catch {
    return; // no losetup: nothing was attached from here
  }
  for (const line of loops.split("\n")) {
    const m = /^(\/dev\/loop\d+):.*\((.*)\)$/.exec(line);
    if (m && names.has(m[2]!.split("/").pop()!)) execFileSync("losetup", ["-d", m[1]!], { stdio: "ignore" });
  }
  for (const name of names) {
    rmSync(path.join(dir, name), { force: true });
    rmSync(path.join(dir, name.replace(/\.img$/, ".dev")), { force: true });
    rmSync(path.join(linkDir, name.replace(/\.img$/, ".dev")), { force: true });
  }
}

/** The default bridge's gateway: the host address containers use to reach host servers. */
export function bridgeGateway(): string {
  try {
    const out = docker(["network", "inspect", "bridge", "--format", "{{(index .IPAM.Config 0).Gateway}}"]);
    return out || "172.17.0.1";
  } catch {
    return "172.17.0.1";
  }
}

export function dockerCli(...args: string[]): string {
  return docker(args);
}
