// The per-workspace disk limit from the workspace's side: two workspaces made by the production
// runtime (real engine, real image, 64 MiB disks). Inside A, the workspace user fills /workspace until
// the kernel says ENOSPC; A's earlier files are intact, B still writes, the host lost no more than A's
// disk, A's data survives a stop/start (the loop device re-attached and re-linked), and a delete
// detaches the loop device and removes the images.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { cleanupDocker, dockerAvailable, testRun } from "../../../testing/docker.fixture";
import { diskImagePath } from "./disks";
import { DockerRuntime } from "./docker-runtime";
import { containerName } from "./names";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const root = process.getuid?.() === 0; // losetup -j below; the runtime itself needs only the socket
const skip = !enabled ? "Docker is not available" : !root && !process.env.CI ? "needs root" : false;

const run = testRun();
const ids = { a: `dsk${run.id}a`, b: `dsk${run.id}b` };
// Under /var/lib, like the default: on the engine's host disk (never a tmpfs /tmp).
const dir = mkdtempSync("/var/lib/kalpana-disks-test-");
// The links on a folder of their own, as on /run (a tmpfs that a reboot empties).
const linkDir = mkdtempSync("/tmp/kalpana-disk-links-test-");
const disk = { gib: 64 / 1024, dir, linkDir };
const rt = new DockerRuntime(undefined, undefined, undefined, () => disk);
const image = process.env.KALPANA_TEST_WORKSPACE_IMAGE ?? "kalpana/workspace:latest";

const exec = (id: string, script: string) =>
  execFileSync("docker", ["exec", containerName(id), "bash", "-c", script], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });

before(async () => {
  if (skip) return;
  for (const id of Object.values(ids)) {
    await rt.create({
      workspaceId: id,
      ownerId: "u1",
      image,
      memoryMb: 512,
      cpus: 1,
      pidsLimit: 256,
      env: {},
      labels: { "kalpana.test": "1", "kalpana.testrun": run.id },
    });
    await rt.start(id);
  }
});

after(async () => {
  if (skip) return;
  for (const id of Object.values(ids)) await rt.remove(id, { volumes: true }).catch(() => undefined);
  cleanupDocker(run.id);
  rmSync(dir, { recursive: true, force: true });
  rmSync(linkDir, { recursive: true, force: true });
});

test("a full workspace disk is ENOSPC for that workspace only; data survives a restart", {
  skip,
}, async () => {
  // The volume is the workspace user's own, empty filesystem (no lost+found: git clones into it).
  assert.equal(exec(ids.a, "stat -c %u /workspace && ls -A /workspace").trim(), "1000");
  assert.match(exec(ids.a, "df -k --output=size /workspace | tail -1").trim(), /^\d+$/);
  const sizeKiB = Number(exec(ids.a, "df -k --output=size /workspace | tail -1").trim());
  assert.ok(sizeKiB > 40_000 && sizeKiB < 70_000, `a 64 MiB filesystem, got ${sizeKiB} KiB`);

  exec(ids.a, "echo keep-me > /workspace/notes.txt");
  const filled = execFileSync(
    "docker",
    ["exec", containerName(ids.a), "bash", "-c", "head -c 200M /dev/zero > /workspace/big; echo rc=$?"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  assert.match(filled, /rc=1/);
  // A new file needs a new block: the shell reports the kernel's ENOSPC.
  const err = exec(ids.a, "{ head -c 64K /dev/zero > /workspace/x; } 2>&1; true");
  assert.match(err, /No space left on device/);
  // The host paid at most A's disk (the image's allocated blocks), not the 200 MiB asked for. (The
  // host's free space itself is no measure here: other tests write to the same disk meanwhile.)
  const used = statSync(diskImagePath(disk, ids.a, "workspace")).blocks * 512;
  assert.ok(used <= 64 * 1024 * 1024, `A's image holds ${used >> 20} MiB`);
  assert.ok(used > 40 * 1024 * 1024, `A's image holds only ${used >> 20} MiB: was the disk filled?`);
  // B is unaffected.
  exec(ids.b, "head -c 10M /dev/zero > /workspace/ten && sync");
  assert.equal(exec(ids.b, "stat -c %s /workspace/ten").trim(), String(10 * 1024 * 1024));

  // Freeing space works; after a stop/start the files are still there (the link is re-made).
  exec(ids.a, "rm /workspace/big");
  await rt.stop(ids.a, 2);
  // As after a reboot: the link folder is gone (tmpfs); the start's check makes it again.
  rmSync(linkDir, { recursive: true, force: true });
  await rt.start(ids.a);
  assert.equal(exec(ids.a, "head -n1 /workspace/notes.txt").trim(), "keep-me");
});

test("deleting a workspace detaches its loop devices and removes its images", { skip }, async () => {
  const img = diskImagePath(disk, ids.b, "workspace");
  assert.ok(existsSync(img));
  await rt.remove(ids.b, { volumes: true });
  assert.equal(existsSync(img), false);
  // The host sees the backing path relative to the helper's bind mount: match the file name.
  assert.doesNotMatch(execFileSync("losetup", ["-a"], { encoding: "utf8" }), new RegExp(path.basename(img)));
  assert.deepEqual(
    [...readdirSync(dir), ...readdirSync(linkDir)].filter((f) => f.includes(ids.b)),
    [],
    "no image or link of B is left",
  );
  assert.equal(path.dirname(img), dir);
});
