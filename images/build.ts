// `npm run images`: builds the base and workspace images (idempotent; see lib/build-images.ts).
// `npm run images -- --push <host:port>` then pushes the workspace image to that registry as
// <host:port>/kalpana/workspace:<hash> and :latest, for Swarm nodes to pull (docs/SCALING.md).
// With KALPANA_SHARED_NIX_STORE on, the templates are pre-realised for the new image afterwards.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildImages } from "./lib/build-images";
import { parseBuildArgs } from "./lib/cli-args";
import { pushImage } from "./lib/push";

const imagesDir = path.dirname(fileURLToPath(import.meta.url));

try {
  const args = parseBuildArgs(process.argv.slice(2));
  const r = await buildImages(imagesDir);
  console.log("");
  console.log(`${"image".padEnd(34)}${"size".padEnd(14)}build`);
  for (const img of [r.base, r.workspace]) {
    const how = img.built ? `${img.seconds.toFixed(1)} s` : "up to date";
    console.log(`${img.tag.padEnd(34)}${`${img.sizeMiB} MiB`.padEnd(14)}${how}`);
  }
  console.log(`total ${r.seconds.toFixed(1)} s`);
  if (args.push) {
    const refs = await pushImage(r.workspace.tag, args.push);
    console.log(`pushed ${refs.join(", ")}`);
    console.log(`web server: KALPANA_REGISTRY=${args.push}`);
  }
  // The shared Nix store (docs/ENVIRONMENTS.md): every template realised for the new image, so the
  // first workspace of each skips the build; generations of older images go (--prune).
  if (/^(1|true)$/.test(process.env.KALPANA_SHARED_NIX_STORE ?? "")) {
    console.log("shared Nix store: pre-realising the templates (npm run env:prerealise -- --prune)");
    const root = path.resolve(imagesDir, "..");
    execFileSync(process.execPath, ["--import", "tsx", "scripts/env-prerealise.ts", "--prune"], {
      cwd: root,
      stdio: "inherit",
    });
  }
} catch (e) {
  console.error(`images: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
