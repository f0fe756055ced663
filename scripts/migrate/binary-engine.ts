// Finds a real (native) Prisma schema engine. When one exists we let plain `prisma migrate deploy`
// do the work; the wasm path is the fallback for machines that cannot download it.
import { execFileSync } from "node:child_process";
import { accessSync, constants, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** True when `file` runs and reports itself as Prisma's schema engine (not e.g. /bin/true). */
export function isSchemaEngine(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    const out = execFileSync(file, ["--version"], { encoding: "utf8", timeout: 10_000, stdio: "pipe" });
    return out.startsWith("schema-engine");
  } catch {
    return false;
  }
}

function downloadedEngines(): string[] {
  try {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve("@prisma/engines/package.json"));
    return readdirSync(dir)
      .filter((f) => f.startsWith("schema-engine"))
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/** The path of a usable binary schema engine, or null. */
export function findBinarySchemaEngine(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.PRISMA_SCHEMA_ENGINE_BINARY;
  if (configured) return isSchemaEngine(configured) ? configured : null;
  return downloadedEngines().find(isSchemaEngine) ?? null;
}
