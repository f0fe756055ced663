// GET /api/healthz: can this server do its job? The database answers, the container engine answers,
// and the workspace image is there. For proxies and orchestrators: no auth, so the answer names the
// checks and their state only; why one failed goes to the log.
import { pingDatabase } from "../db/health";
import { logger } from "../log/log";
import { runtime } from "../runtime/index";
import { workspaceImage } from "../workspaces/image";

export type CheckResult = { ok: boolean; ms: number };
export type Health = { ok: boolean; checks: Record<string, CheckResult> };

const TIMEOUT_MS = 3000;

async function timed(name: string, check: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const verdict = await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    if (verdict === false) throw new Error("check failed");
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (err) {
    logger("health").warn({ err, check: name }, `health check ${name} failed`);
    return { ok: false, ms: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(): Promise<Health> {
  const [database, docker, image] = await Promise.all([
    timed("database", pingDatabase),
    timed("docker", () => runtime().ping()),
    timed("image", async () => runtime().hasImage(await workspaceImage())),
  ]);
  const checks = { database, docker, image };
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}
