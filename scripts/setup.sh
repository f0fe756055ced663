#!/usr/bin/env bash
# Installs whatever Kalpana needs and is missing, on Debian/Ubuntu as root; elsewhere it lists what is
# missing and how to get it. `--test` adds what the test suite needs (Chromium, PostgreSQL).
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=0
[[ "${1:-}" == "--test" ]] && for_tests=1

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup]\033[0m %s\n' "$*" >&2; exit 1; }

# --- what is missing ------------------------------------------------------------------------------
# Node 24: the machine's when it fits, else the pinned one installed into .node/ below (scripts/node.sh).
# shellcheck source=scripts/node.sh
source scripts/node.sh

declare -A want=( [git]=git [docker]=docker.io [dockerd]=docker.io [rg]=ripgrep [python3]=python3 [make]=make [g++]=g++ [debootstrap]=debootstrap [curl]=curl )
if (( for_tests )); then
  want[chromium]=chromium
  want[pg_ctlcluster]=postgresql
  want[openssl]=openssl # the stack test's CA and certificates
  want[docker-registry]=docker-registry # the Swarm tests' image registry (scripts/testing/swarm-cluster.sh)
fi
missing_pkgs=()
missing_cmds=()
for cmd in "${!want[@]}"; do
  if ! command -v "$cmd" >/dev/null 2>&1; then
    missing_cmds+=("$cmd")
    missing_pkgs+=("${want[$cmd]}")
  fi
done
# A test machine may have the psql client without the server.
if (( for_tests )) && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  missing_pkgs+=(postgresql); missing_cmds+=(postgres)
fi

can_install=0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null && grep -qiE 'debian|ubuntu' /etc/os-release 2>/dev/null; then
  can_install=1
fi

if ((${#missing_pkgs[@]})); then
  pkgs=$(printf '%s\n' "${missing_pkgs[@]}" | sort -u | tr '\n' ' ')
  if (( can_install )); then
    say "installing: $pkgs"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $pkgs >/tmp/kalpana-apt.log 2>&1 \
      || { tail -n 30 /tmp/kalpana-apt.log; die "apt-get install failed (full log: /tmp/kalpana-apt.log)"; }
  else
    echo "Kalpana cannot install its prerequisites here (needs root on Debian/Ubuntu). Missing:" >&2
    for c in "${missing_cmds[@]}"; do echo "  - $c" >&2; done
    echo "Install them with your package manager (Debian names: $pkgs), then run this command again." >&2
    exit 1
  fi
fi

# --- a running Docker engine ------------------------------------------------------------------------
if ! docker info >/dev/null 2>&1; then
  if (( can_install )); then
    say "starting the Docker engine (log: /var/log/kalpana-dockerd.log)"
    nohup dockerd >/var/log/kalpana-dockerd.log 2>&1 &
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
    docker info >/dev/null 2>&1 || { tail -n 20 /var/log/kalpana-dockerd.log; die "dockerd did not come up"; }
  else
    die "No Docker engine answers. Start one (e.g. 'sudo systemctl start docker') and add your user to the docker group."
  fi
fi

# --- Node.js ------------------------------------------------------------------------------------------
kalpana_install_node || die "Node.js >= $KALPANA_NODE_MAJOR is required"

# --- npm dependencies -------------------------------------------------------------------------------
# `npm ci` installs exactly the committed lock (it holds every platform's optional packages), so a fresh
# clone stays clean. A lock out of step with a package.json (someone edited one by hand) is the one case
# for `npm install`, which rewrites the lock: said loudly, since that change belongs in a commit.
# (A change of Node needs no reinstall: only better-sqlite3 is built per Node, and is repaired below.)
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm dependencies with npm ci (first run compiles better-sqlite3: a few minutes)"
  if npm ci --dry-run --ignore-scripts --no-audit --no-fund >/tmp/kalpana-npm-ci-check.log 2>&1; then
    npm ci --no-audit --no-fund
  else
    grep -m 3 -iE 'in sync|missing|invalid' /tmp/kalpana-npm-ci-check.log >&2 || true
    say "package-lock.json does not match package.json: running npm install, which updates the lock; commit it"
    npm install --no-audit --no-fund
  fi
fi

# better-sqlite3 compiles from source here (no prebuilt binary is reachable); repair a missing build.
sqlite_ok() {
  node -e 'const p=require.resolve("better-sqlite3",{paths:[require.resolve("@prisma/adapter-better-sqlite3")]});new (require(p))(":memory:").close()' 2>/dev/null
}
if ! (cd web && sqlite_ok); then
  say "building better-sqlite3 (a few minutes)"
  npm rebuild better-sqlite3 >/tmp/kalpana-sqlite-build.log 2>&1 || { tail -n 30 /tmp/kalpana-sqlite-build.log; die "better-sqlite3 failed to build (needs python3, make, g++)"; }
  (cd web && sqlite_ok) || die "better-sqlite3 still does not load after a rebuild"
fi

# --- docker compose v2 (the stack smoke test, images/stack) -----------------------------------------
# Bookworm ships only docker-compose 1.29 (python) and no compose v2 plugin, bookworm-backports has none;
# trixie's docker-compose 2.x is one Go binary needing nothing newer than bookworm's libc. apt fetches it from Debian's archive
# (signature-checked) into a private folder, so no trixie source stays in this machine's apt setup.
if (( for_tests )) && ! docker compose version >/dev/null 2>&1; then
  if (( can_install )); then
    say "installing the docker compose v2 plugin (Debian trixie's docker-compose)"
    kc=$(mktemp -d)
    mkdir -p "$kc/lists/partial" "$kc/cache/archives/partial"
    echo "deb http://deb.debian.org/debian trixie main" >"$kc/sources.list"
    apt_kc=(-q -o Dir::Etc::sourcelist="$kc/sources.list" -o Dir::Etc::sourceparts=- -o Dir::State::Lists="$kc/lists" -o Dir::Cache="$kc/cache" -o APT::Sandbox::User=root)
    { apt-get "${apt_kc[@]}" update && (cd "$kc" && apt-get "${apt_kc[@]}" download docker-compose); } >/tmp/kalpana-compose.log 2>&1 \
      || { tail -n 20 /tmp/kalpana-compose.log; die "could not download docker-compose from trixie"; }
    dpkg -x "$kc"/docker-compose_*.deb "$kc/x"
    install -D -m 0755 "$kc/x/usr/libexec/docker/cli-plugins/docker-compose" /usr/local/lib/docker/cli-plugins/docker-compose
    rm -rf "$kc"
    docker compose version >/dev/null || die "docker compose still does not run"
  else
    die "The stack test needs Docker Compose v2 ('docker compose'): https://docs.docker.com/compose/install/"
  fi
fi

# --- host firewall: no workspace reaches 169.254.0.0/16 (cloud metadata) ------------------------------
# Idempotent; without root or iptables it says so and goes on (docs/SECURITY.md, "Network").
npx tsx scripts/firewall.ts || die "the workspace firewall rules could not be installed"

# --- database: client + migrations ------------------------------------------------------------------
say "generating the Prisma client and applying migrations"
npx tsx scripts/migrate.ts generate >/dev/null
npx tsx scripts/migrate.ts deploy

# --- workspace images ---------------------------------------------------------------------------------
if [[ -f images/build.ts ]]; then
  say "checking workspace images"
  npm run -s images
fi
say "ready"
