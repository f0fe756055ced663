// A cross-process lock (mkdir is atomic) so concurrent `npm run images`, test files and the
// web runtime never build the same images, or rewrite the bridge bundle, at the same time.
import { mkdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const LOCK = path.join(tmpdir(), "kalpana-images.lock");
const STALE_MS = 30 * 60_000;

export async function withBuildLock<T>(fn: () => Promise<T>, log: (line: string) => void): Promise<T> {
  let announced = false;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      if (!announced) log(`[images] waiting for another build (${LOCK})`);
      announced = true;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
