// Each input change makes a new hash tag; without pruning, every bridge edit would leave a
// ~1 GB (mostly shared) image behind. Only our own hash tags are removed, never by force:
// an image a container (running or stopped) still uses stays, and so do the few newest tags, so two
// checkouts building at once (a CI clone beside a working tree) do not delete each other's image.
import { run } from "./run";

const HASH_TAG = /^[0-9a-f]{12}$/;
const KEEP_NEWEST = 3;

export async function pruneOldTags(repo: string, keep: string, log: (line: string) => void): Promise<void> {
  const out = await run("docker", ["image", "ls", repo, "--format", "{{.Tag}}"]);
  // `docker image ls` lists newest first.
  const stale = out.stdout
    .split("\n")
    .filter((t) => HASH_TAG.test(t))
    .slice(KEEP_NEWEST)
    .filter((t) => `${repo}:${t}` !== keep)
    .map((t) => `${repo}:${t}`);
  for (const ref of stale) {
    const r = await run("docker", ["rmi", ref]);
    if (r.code === 0) log(`[${repo}] removed old ${ref}`);
  }
}
