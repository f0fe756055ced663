// Loads @prisma/schema-engine-wasm under Node 20, which cannot `import` a .wasm file directly:
// we instantiate the module ourselves and hand it to the wasm-bindgen glue, once per process.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

type Glue = typeof import("@prisma/schema-engine-wasm");
export type SchemaEngine = import("@prisma/schema-engine-wasm").SchemaEngine;

let glue: Promise<Glue> | undefined;

export function loadSchemaEngineWasm(): Promise<Glue> {
  glue ??= (async () => {
    // The package exports no ./package.json; resolve the glue file and take its folder.
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as Glue &
      Record<string, unknown> & { __wbg_set_wasm(exports: WebAssembly.Exports): void };
    const module = new WebAssembly.Module(readFileSync(path.join(dir, "schema_engine_bg.wasm")));
    const instance = new WebAssembly.Instance(module, {
      "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return glue;
}
