// Loads @prisma/schema-engine-wasm under Node 20, which cannot `import` a .wasm file directly:
// we instantiate the module ourselves and hand it to the wasm-bindgen glue, once per process.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

type Glue = typeof import("@prisma/schema-engine-wasm");
export type SchemaEngine = import("@prisma/schema-engine-wasm").SchemaEngine;

let glue: Promise<Glue> | undefined;

/**
 * The engine arms timeout timers (e.g. 10 s for PostgreSQL's advisory lock) and leaves them
 * pending after the work is done, which kept every migrate run alive 10 s longer. Timers are
 * only timeouts here: open sockets keep the process alive while real work is in flight.
 */
function withUnrefTimers(bg: Record<string, unknown>): WebAssembly.ModuleImports {
  const imports: Record<string, unknown> = { ...bg };
  for (const key of Object.keys(imports)) {
    if (!key.startsWith("__wbg_setTimeout")) continue;
    imports[key] = (fn: () => void, ms: number) => {
      const timer = setTimeout(fn, ms >>> 0);
      timer.unref();
      return timer;
    };
  }
  return imports as WebAssembly.ModuleImports;
}

export function loadSchemaEngineWasm(): Promise<Glue> {
  glue ??= (async () => {
    // The package exports no ./package.json; resolve the glue file and take its folder.
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as Glue &
      Record<string, unknown> & { __wbg_set_wasm(exports: WebAssembly.Exports): void };
    const module = new WebAssembly.Module(readFileSync(path.join(dir, "schema_engine_bg.wasm")));
    const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": withUnrefTimers(bg) });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return glue;
}
