// The workspace image embeds the bridge as ONE bundled file (bridge/dist/bridge.mjs), so the
// image needs no node_modules. It is (re)built here so the image never ships a stale bridge.
import { existsSync } from "node:fs";
import path from "node:path";
import { runStreamed } from "./run";

export async function bridgeBundle(repoRoot: string, log = console.log): Promise<string> {
  // Escape hatch for testing the images before/without the real bridge.
  const override = process.env.KALPANA_BRIDGE_BUNDLE;
  if (override) {
    if (!existsSync(override)) throw new Error(`KALPANA_BRIDGE_BUNDLE=${override} does not exist`);
    return path.resolve(override);
  }
  const out = path.join(repoRoot, "bridge", "dist", "bridge.mjs");
  if (existsSync(path.join(repoRoot, "bridge", "scripts", "bundle.ts"))) {
    await runStreamed("npm", ["run", "build", "-w", "bridge", "--silent"], "bridge", log);
  }
  if (!existsSync(out)) {
    throw new Error(
      "bridge bundle missing: expected bridge/dist/bridge.mjs, built by `npm run build -w bridge` " +
        "(bridge/scripts/bundle.ts). Build the bridge first, or set KALPANA_BRIDGE_BUNDLE=<file>.",
    );
  }
  return out;
}
