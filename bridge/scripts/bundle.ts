import { statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

// One self-contained ESM file: the workspace image copies only this, with no node_modules.
const here = path.dirname(fileURLToPath(import.meta.url));
// `--outfile <path>` lets the bundle test build into a temp folder far from any node_modules.
const flag = process.argv.indexOf("--outfile");
const outfile = flag > 0 ? path.resolve(process.argv[flag + 1]!) : path.resolve(here, "../dist/bridge.mjs");

await build({
  entryPoints: [path.resolve(here, "../server/main.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minifySyntax: true,
  legalComments: "none",
  // ws loads these optional native speed-ups inside try/catch; without them it uses JS.
  external: ["bufferutil", "utf-8-validate"],
  // socket.io's CommonJS code calls require() for Node built-ins; give the ESM bundle one.
  banner: {
    js: "import { createRequire as __kalpanaCreateRequire } from 'node:module'; const require = __kalpanaCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
});
console.log(
  `wrote ${path.relative(process.cwd(), outfile)} (${(statSync(outfile).size / 1024).toFixed(0)} KiB)`,
);
