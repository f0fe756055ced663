// `npm run env:prerealise [-- [--prune] <template> ...]`: builds the shared Nix store's generation of every
// template (or those named) on this engine host, with the web server's environment
// (KALPANA_SHARED_NIX_STORE=1, KALPANA_NIX_OFFLINE, KALPANA_TEMPLATES_DIR, ...). Exit 1 if one failed.
// --prune first deletes the generations no workspace uses and no template would use now.
import { prerealiseTemplates, pruneGenerations } from "../web/server/workspaces/prerealise";

const args = process.argv.slice(2).filter((a) => a !== "--prune");
if (process.argv.includes("--prune")) {
  // Before realising: an old image's generations go first, making room.
  const removed = await pruneGenerations();
  console.log(removed.length ? `removed ${removed.join(", ")}` : "no unused generation");
}
const results = await prerealiseTemplates(args.length ? args : undefined);
for (const r of results)
  console.log(`${r.template}: ${r.ok ? "realised" : "FAILED (see the log above)"} in ${r.ms} ms`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
