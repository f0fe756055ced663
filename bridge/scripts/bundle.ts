import { copyFileSync, mkdirSync, statSync } from "node:fs";
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
// The image's built-in VS Code extension (editor context): CommonJS, as VS Code loads it.
const extensionDir = path.join(path.dirname(outfile), "kalpana-editor");
mkdirSync(extensionDir, { recursive: true });
copyFileSync(path.resolve(here, "../editor/package.json"), path.join(extensionDir, "package.json"));
await build({
  entryPoints: [path.resolve(here, "../editor/extension.ts")],
  outfile: path.join(extensionDir, "extension.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minifySyntax: true,
  legalComments: "none",
  external: ["vscode"],
  logLevel: "warning",
});
console.log(
  `wrote ${path.relative(process.cwd(), outfile)} (${(statSync(outfile).size / 1024).toFixed(0)} KiB)`,
);
