// Shared setup for the lifecycle tests: a fresh data folder and SQLite database, Docker labels for
// this run, the stub Nix package set and small limits. Call before importing any server module
// (config() is read once per process).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cleanupDocker, testRun } from "../../testing/docker.fixture";
import { repoRoot } from "../../testing/web-server.fixture";

export type TestEnv = { dataDir: string; runId: string; env: Record<string, string>; cleanup: () => void };

/** Environment for workspaces under test (also handed to startWebServer). */
export function workspaceTestEnv(
  runLabels: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    KALPANA_NIX_STUB: "1",
    KALPANA_WORKSPACE_MEMORY_MB: "768",
    KALPANA_WORKSPACE_CPUS: "1",
    KALPANA_EXTRA_LABELS: runLabels,
    // Browser and API tests create many workspaces a minute; the rate-limit tests set their own.
    KALPANA_RATE_CREATE_PER_MIN: "1000",
    // Templates name extensions: tests never ask the real Open VSX (the extension tests set a fake).
    KALPANA_EXTENSION_GALLERY: "off",
    ...(process.env.KALPANA_TEST_WORKSPACE_IMAGE
      ? { KALPANA_WORKSPACE_IMAGE: process.env.KALPANA_TEST_WORKSPACE_IMAGE }
      : {}),
    ...extra,
  };
}

export function setupDomainEnv(extra: Record<string, string> = {}): TestEnv {
  const dataDir = mkdtempSync(path.join(tmpdir(), "kalpana-ws-test-"));
  const run = testRun();
  const env: Record<string, string> = {
    NODE_ENV: "test",
    KALPANA_DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "kalpana.db")}`,
    ...workspaceTestEnv(run.labels, extra),
  };
  Object.assign(process.env, env);
  execFileSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts", "deploy"], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: "pipe",
  });
  return {
    dataDir,
    runId: run.id,
    env,
    cleanup: () => {
      cleanupDocker(run.id);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until `ok` holds (or throws with the last value after `timeoutMs`). */
export async function waitFor<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(last)}`);
    await sleep(200);
    last = await read();
  }
  return last;
}
