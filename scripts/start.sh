#!/usr/bin/env bash
# `npm start`: install what is missing, then serve Kalpana on http://kalpana.localhost:3000 (workspaces on its subdomains) (PORT to change).
# `npm run dev` (--dev) serves with hot reload instead of a production build.
set -euo pipefail
cd "$(dirname "$0")/.."
# A person at a terminal reads lines, not JSON (set KALPANA_LOG_PRETTY=0 to keep JSON there too).
if [[ -t 1 ]]; then export KALPANA_LOG_PRETTY="${KALPANA_LOG_PRETTY:-1}"; fi
bash scripts/setup.sh
# The Node setup chose (the machine's, or Node 24 in .node/ when the machine's is older): every node,
# npm and npx below, and whatever they start, runs on it.
source scripts/node.sh && kalpana_use_node
if [[ "${1:-}" == "--dev" ]]; then
  exec env NODE_ENV=development npx tsx web/server.ts
fi
# Rebuild only when a web source changed since the last build.
if [[ ! -f web/.next/BUILD_ID ]] || [[ -n $(find web bridge/protocol bridge/client -newer web/.next/BUILD_ID \
  -type f \( -name '*.ts' -o -name '*.tsx' -o -name '*.css' -o -name '*.json' \) -not -path '*/node_modules/*' \
  -not -path '*/.next/*' -print -quit) ]]; then
  echo "[start] building the web app"
  (cd web && npx next build)
fi
exec env NODE_ENV=production npx tsx web/server.ts
