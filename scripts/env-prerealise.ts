// `npm run env:prerealise [-- <template> ...]`: builds the shared Nix store's generation of every
// template (or those named) on this engine host, with the web server's environment
// (KALPANA_SHARED_NIX_STORE=1, KALPANA_NIX_OFFLINE, KALPANA_TEMPLATES_DIR, ...). Exit 1 if one failed.
import { prerealiseTemplates } from "../web/server/workspaces/prerealise";

const args = process.argv.slice(2);
const results = await prerealiseTemplates(args.length ? args : undefined);
for (const r of results)
  console.log(`${r.template}: ${r.ok ? "realised" : "FAILED (see the log above)"} in ${r.ms} ms`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
