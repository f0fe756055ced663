// Makes `debian:bookworm-slim` available on machines that cannot pull from a registry:
// debootstrap a minimal bookworm from the Debian mirror (~40 s) and `docker import` it
// under the name the Dockerfile expects, so one Dockerfile serves both kinds of machine.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { imageExists } from "./docker";
import { run, runStreamed } from "./run";

const MIRROR = process.env.KALPANA_DEBIAN_MIRROR ?? "http://deb.debian.org/debian";

export async function ensureDebianBase(ref: string, log = console.log): Promise<void> {
  if (await imageExists(ref)) return;
  log(`[debian] ${ref} not present; trying docker pull`);
  if ((await run("timeout", ["120", "docker", "pull", ref])).code === 0) return;
  // Any name ending in debian:bookworm[-slim] is made here (tests use a private name).
  if (!/(^|\/)debian:bookworm(-slim)?$/.test(ref)) throw new Error(`${ref} is neither present nor pullable`);
  log("[debian] pull failed; bootstrapping bookworm with debootstrap (needs root)");
  if ((await run("sh", ["-c", "command -v debootstrap"])).code !== 0) {
    log("[debian] installing debootstrap");
    await runStreamed(
      "sh",
      ["-c", "apt-get install -y debootstrap || (apt-get update && apt-get install -y debootstrap)"],
      "apt",
      log,
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), "kalpana-debootstrap-"));
  try {
    const root = path.join(dir, "root");
    await runStreamed("debootstrap", ["--variant=minbase", "bookworm", root, MIRROR], "debootstrap", log);
    await importDir(root, ref);
    log(`[debian] imported ${ref}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function importDir(root: string, ref: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn("tar", ["-C", root, "-c", "."], { stdio: ["ignore", "pipe", "inherit"] });
    const imp = spawn("docker", ["import", "-", ref], { stdio: ["pipe", "ignore", "inherit"] });
    tar.stdout.pipe(imp.stdin);
    tar.on("error", reject);
    imp.on("error", reject);
    imp.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`docker import exited ${code}`))));
  });
}
