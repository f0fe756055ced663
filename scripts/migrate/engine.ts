// Opens the wasm schema engine on a database through a driver adapter. Callers must `close()`
// it: that disposes the adapter connections (and any shadow database the engine created).
import { readFileSync } from "node:fs";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { adapterFactoryFor } from "./adapters";
import { type Provider, providerForUrl, schemaPath } from "./paths";
import { loadSchemaEngineWasm, type SchemaEngine } from "./wasm-engine";

export interface OpenEngine {
  engine: SchemaEngine;
  provider: Provider;
  close(): Promise<void>;
}

export async function openEngine(
  url: string,
  schema?: { path: string; content: string },
): Promise<OpenEngine> {
  const provider = providerForUrl(url);
  const file = schema ?? { path: schemaPath(provider), content: readFileSync(schemaPath(provider), "utf8") };
  const { SchemaEngine } = await loadSchemaEngineWasm();
  const tracked = adapterFactoryFor(url);
  const adapter = bindMigrationAwareSqlAdapterFactory(tracked.factory);
  // The engine reports progress through this callback; only surface it when debugging.
  const log = (message: string) => {
    if (process.env.KALPANA_MIGRATE_DEBUG) console.error(`[schema-engine] ${message}`);
  };
  const engine = await SchemaEngine.new({ datamodels: [[file.path, file.content]] }, log, adapter);
  const close = async () => {
    engine.free();
    await tracked.disposeAll();
  };
  return { engine, provider, close };
}

export const noFilters = { externalTables: [], externalEnums: [] };

/** Opens the engine, runs `fn`, and always closes it (also on failure). */
export async function withEngine<T>(url: string, fn: (open: OpenEngine) => Promise<T>): Promise<T> {
  const open = await openEngine(url);
  try {
    return await fn(open);
  } finally {
    await open.close();
  }
}
