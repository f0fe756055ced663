// The push of `npm run images -- --push`: argument handling, the registry names, and a real push of a
// tiny image (one small file, `docker import`ed) to Debian's docker-registry on loopback.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { requireDocker } from "../test/docker.fixture";
import { parseBuildArgs } from "./cli-args";
import { imageExists } from "./docker";
import { pushImage, registryRefs } from "./push";
import { run, runOk } from "./run";

const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

test("--push takes one registry host:port; anything else is refused with the usage line", () => {
  assert.deepEqual(parseBuildArgs([]), {});
  assert.deepEqual(parseBuildArgs(["--push", "127.0.0.1:5000"]), { push: "127.0.0.1:5000" });
  assert.deepEqual(parseBuildArgs(["--push=registry.example.com"]), { push: "registry.example.com" });
  for (const bad of [
    ["--push"],
    ["--push", ""],
    ["--push", "http://127.0.0.1:5000"],
    ["--push", "127.0.0.1:5000/kalpana"],
    ["--push", "--other"],
    ["--push", "a b"],
    ["--push", "host;rm -rf /"],
    ["--pussh", "127.0.0.1:5000"],
  ]) {
    assert.throws(() => parseBuildArgs(bad), /usage: npm run images/, bad.join(" "));
  }
});

test("registry names: <registry>/<repo>:<tag> and :latest", () => {
  assert.deepEqual(registryRefs("kalpana/workspace:4fb59fae9614", "10.0.0.1:5000"), [
    "10.0.0.1:5000/kalpana/workspace:4fb59fae9614",
    "10.0.0.1:5000/kalpana/workspace:latest",
  ]);
  assert.deepEqual(registryRefs("kalpana/workspace:latest", "reg"), ["reg/kalpana/workspace:latest"]);
  assert.throws(() => registryRefs("kalpana/workspace", "reg"), /repo:tag/);
  assert.throws(() => registryRefs("localhost:5000/kalpana", "reg"), /repo:tag/);
  assert.throws(() => registryRefs("kalpana/workspace:x", "-H evil"), /host:port/);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function startRegistry(): Promise<{ addr: string; proc: ChildProcess }> {
  const dir = mkdtempSync(path.join(tmpdir(), "kalpana-registry-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const addr = `127.0.0.1:${await freePort()}`;
  const config = path.join(dir, "config.yml");
  writeFileSync(
    config,
    `version: 0.1\nlog: { level: warn }\nstorage: { filesystem: { rootdirectory: ${dir}/storage } }\nhttp: { addr: "${addr}" }\n`,
  );
  const proc = spawn("docker-registry", ["serve", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  proc.stderr?.on("data", (d) => {
    stderr += d;
  });
  cleanups.push(() => {
    // Stopped by its own PID, never by name.
    if (proc.exitCode === null && proc.signalCode === null && proc.pid) process.kill(proc.pid, "SIGTERM");
  });
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`http://${addr}/v2/`).catch(() => undefined);
    if (r?.status === 200) return { addr, proc };
    if (proc.exitCode !== null || proc.signalCode !== null) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`docker-registry did not start on ${addr}: ${stderr}`);
}

test("pushImage puts a small image into a loopback registry under both names", async (t) => {
  if (!(await requireDocker(t))) return;
  const { addr, proc } = await startRegistry();
  const repo = `kalpana-test/push-${randomBytes(4).toString("hex")}`;
  const image = `${repo}:v1`;
  const dir = mkdtempSync(path.join(tmpdir(), "kalpana-push-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, "hello.txt"), `pushed ${repo}\n`);
  await runOk("sh", ["-c", 'tar -C "$1" -c hello.txt | docker import - "$2" >/dev/null', "sh", dir, image]);
  cleanups.push(() => run("docker", ["rmi", image]));

  const lines: string[] = [];
  const refs = await pushImage(image, addr, (l) => lines.push(l));
  assert.deepEqual(refs, [`${addr}/${repo}:v1`, `${addr}/${repo}:latest`]);
  assert.ok(
    lines.some((l) => /^\[push\] .*(Pushed|Layer already exists|digest: sha256:)/.test(l)),
    lines.join("\n"),
  );
  assert.ok(lines.some((l) => l.includes("pushed in")));

  const list = (await (await fetch(`http://${addr}/v2/${repo}/tags/list`)).json()) as { tags: string[] };
  assert.deepEqual(list.tags.sort(), ["latest", "v1"]);
  // The registry names were only push handles; the source image stays.
  assert.equal(await imageExists(refs[0]!), false);
  assert.equal(await imageExists(image), true);

  // A registry that does not answer is an error, not a silent success.
  const deadAddr = `127.0.0.1:${await freePort()}`;
  await assert.rejects(
    pushImage(image, deadAddr, () => {}),
    /docker exited/,
  );
  assert.equal(await imageExists(`${deadAddr}/${repo}:v1`), false);

  process.kill(proc.pid!, "SIGTERM");
  await new Promise((res) => proc.once("exit", res));
  assert.equal(proc.signalCode, "SIGTERM");
});
