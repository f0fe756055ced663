// Drift check: replays the committed migrations on a shadow database and diffs the result with
// the schema. An empty diff means the migrations produce exactly what the schema describes.
import { readFileSync } from "node:fs";
import { noFilters, withEngine } from "./engine";
import { loadMigrationsList } from "./migrations";
import { providerForUrl, schemaPath } from "./paths";

export interface DriftResult {
  drifted: boolean;
  /** SQL that would bring the migrations up to the schema (empty when in sync). */
  script: string;
}

/**
 * `url` only provides a server to create the shadow database on (SQLite: any file, it is not
 * touched). `schema` overrides the schema text, which tests use to prove drift is detected.
 */
export async function checkDrift(
  url: string,
  options: { schema?: string; migrationsDir?: string } = {},
): Promise<DriftResult> {
  const provider = providerForUrl(url);
  const file = schemaPath(provider);
  const content = options.schema ?? readFileSync(file, "utf8");
  return withEngine(url, async ({ engine }) => {
    const result = await engine.diff({
      from: { tag: "migrations", ...loadMigrationsList(provider, options.migrationsDir) },
      to: { tag: "schemaDatamodel", files: [{ path: file, content }] },
      script: true,
      exitCode: true,
      filters: noFilters,
    });
    const script = (result.stdout ?? "").trim();
    return { drifted: result.exitCode === 2, script };
  });
}
