#!/usr/bin/env bash
# `npm test`: every check the project has, on a real Docker engine, real SQLite and PostgreSQL and real
# Chromium. Installs what is missing first. Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --test || { echo "0 passed, 1 failed"; exit 1; }
# The Node setup chose (the machine's, or Node 24 in .node/ when the machine's is older): every node,
# npm and npx below, and whatever they start, runs on it.
source scripts/node.sh && kalpana_use_node

tally=$(mktemp)
export KALPANA_TEST_TALLY=$tally
export KALPANA_NIX_STUB=1 KALPANA_NIX_OFFLINE=1

# Leftovers of an interrupted earlier run would count against workspace quotas and memory.
docker ps -aq --filter label=kalpana.test=1 | xargs -r docker rm -f >/dev/null 2>&1 || true
docker volume ls -q --filter label=kalpana.test=1 | xargs -r docker volume rm -f >/dev/null 2>&1 || true

step() { # step <name> <command...>: a check that counts as one test
  local name=$1; shift
  printf '\n\033[1;34m== %s\033[0m\n' "$name"
  if "$@"; then echo "1 0" >>"$tally"; else echo "0 1" >>"$tally"; echo "FAILED: $name"; fi
}
suite() { # suite <name> <folders...>: node:test files, counted one by one
  printf '\n\033[1;34m== %s\033[0m\n' "$1"; shift
  node scripts/run-tests.mjs "$@" || true
}

step "lint + format (biome)" npx biome ci .
step "typecheck: bridge" npx tsc --noEmit -p bridge
step "typecheck: web" npx tsc --noEmit -p web
step "typecheck: scripts, images" npx tsc --noEmit -p .
step "no import cycles in web/server, type-only ones included (dpdm)" npx dpdm --no-tree --no-warning --circular --exit-code circular:1 --exclude 'node_modules|web/generated' --tsconfig web/tsconfig.json 'web/server/**/*.ts' web/server.ts
step "build: bridge bundle" npm run -s build -w bridge
step "build: web (next build)" bash -c "cd web && npx next build >/tmp/kalpana-next-build.log 2>&1 || { tail -50 /tmp/kalpana-next-build.log; exit 1; }"

suite "unit + integration tests" --exclude web/e2e --exclude web/server/faults --exclude images/stack --exclude web/server/runtime/swarm bridge web scripts prisma images nix
# Alone, one file at a time: the fault suite exhausts a workspace's memory and disk, the stack smoke test
# runs a whole production stack whose image job rewrites the host's DOCKER-USER chain, the Swarm tests
# start a 3-node cluster (network namespaces, three more dockerds); any of them would make a Docker
# test beside it fail (and did: the stack's IDE never loaded next to the image tests).
KALPANA_TEST_CONCURRENCY=1 suite "alone: fault suite, production stack, Swarm" web/server/faults images/stack web/server/runtime/swarm
suite "browser tests (Playwright + Chromium)" web/e2e

read -r passed failed < <(awk '{p+=$1; f+=$2} END {print p+0, f+0}' "$tally")
rm -f "$tally"
echo
echo "${passed} passed, ${failed} failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
