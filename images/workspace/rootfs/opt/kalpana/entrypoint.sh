#!/bin/bash
# Workspace container entrypoint (PID 2, under `tini -g`, uid 1000):
#   1. the bridge starts first so the control plane can talk to the container at once;
#   2. the Nix environment is realised (or loaded from cache) by kalpana-env;
#   3. code-server is exec'd inside that environment.
# A broken Nix config never stops the IDE: kalpana-env records the error and we go on.
set -euo pipefail
# Unset by the ENTRYPOINT (see Dockerfile); children (bridge execs, terminals) need it back.
export BASH_ENV=/opt/kalpana/env-loader.sh

home=/home/coder
# One container per workspace's volumes, ever: a Swarm node partition briefly ran a replacement task
# beside the old container (docs/SCALING.md). An exclusive flock on the home volume's own root (a
# mount point: it cannot be deleted or swapped for another file, unlike a lock file inside it) is
# held by fd 9 for the container's whole life: bash and the bridge inherit it, code-server keeps it
# through the exec below; the kernel drops it when the last of them dies, so a killed container
# leaves nothing stale. Node's spawn does not pass fd 9 on, so terminals and agent commands never
# hold it. Taken before anything writes to a volume. Exit 75 (EX_TEMPFAIL): Swarm retries the task.
exec 9<"$home"
if ! flock --exclusive --wait "${KALPANA_VOLUME_LOCK_WAIT:-30}" 9; then
  echo "kalpana: another instance holds this workspace's volumes" >&2
  exit 75
fi
mkdir -p "$home/.kalpana" "$home/.local/share/code-server/User"
# On Swarm the control plane's files for the volumes (the Nix configuration) arrive as a Swarm config
# (web/server/runtime/swarm/start-plan.ts putPayload), written out here on every task start as the
# single-host runtime writes them before every start. A line per folder or file: kind, octal mode,
# base64 path, base64 content ("-" for none). Only paths on the volumes; whatever the workspace left
# at a file's path (a folder, a link) is replaced, and one that cannot be written never stops the start.
put=/etc/kalpana/put
if [ -r "$put" ]; then
  while read -r kind mode p64 c64; do
    target=$(printf %s "$p64" | base64 -d) || continue
    case "$target" in /workspace/* | "$home"/* | /nix/*) ;; *) continue ;; esac
    case "$target" in */../* | */..) continue ;; esac
    if [ "$kind" = d ]; then
      mkdir -p -m "$mode" "$target" || echo "kalpana: could not make $target" >&2
    else
      {
        mkdir -p "$(dirname "$target")" && rm -rf -- "$target" &&
          if [ "$c64" = - ]; then : >"$target"; else printf %s "$c64" | base64 -d >"$target"; fi &&
          chmod "$mode" "$target"
      } || echo "kalpana: could not write $target" >&2
    fi
  done <"$put"
fi
# Before the bridge (the control plane reads the Nix status only through it): the last run's
# "ready" must never pass for this run's. startedAt 0 = this run has not begun (provision-steps.ts).
# The control plane writes the same marker with its files, but a Swarm start leaves an unchanged
# put out (runtime/swarm/start-plan.ts): this one is always there.
printf '{"state":"pending","message":"waiting for start","hash":null,"startedAt":0,"finishedAt":null}\n' \
  >"$home/.kalpana/env-status.json"
# /home/coder is a named volume: seed the user settings once, never overwrite edits.
# Settings seeded by an older image get the managed keys of this one (settings-seed.mjs
# touches only keys that are missing or still hold an old seeded value), once per version.
settings="$home/.local/share/code-server/User/settings.json"
seed_version=2
seed_marker="$home/.kalpana/settings-seed"
if [ ! -e "$settings" ]; then
  cp /opt/kalpana/settings.json "$settings"
  echo "$seed_version" >"$seed_marker"
elif [ "$(cat "$seed_marker" 2>/dev/null)" != "$seed_version" ]; then
  /usr/local/bin/node /opt/kalpana/settings-seed.mjs "$settings" || true
  echo "$seed_version" >"$seed_marker"
fi

# glibc keeps freed memory in per-thread arenas; with these, code-server drops from ~280 to
# ~180 MiB after a browser session ends (measured by images/bench.ts). Only our two Node
# servers get them: env-loader.sh removes them again for terminals and the bridge's commands.
tuned=(env MALLOC_ARENA_MAX=1 MALLOC_TRIM_THRESHOLD_=131072 KALPANA_MALLOC_TUNED=1)

if [ -f /opt/kalpana/bridge.mjs ]; then
  # The bridge reads its secret from KALPANA_BRIDGE_SECRET_FILE (put there by the control
  # plane before start); the secret itself never travels in env, argv or logs.
  "${tuned[@]}" /usr/local/bin/node /opt/kalpana/bridge.mjs &
fi

if [ -e "$home/.kalpana/env" ] || [ -e "$home/.kalpana/env.sh" ]; then
  /usr/local/bin/node /opt/kalpana/kalpana-env.mjs || echo "kalpana: Nix environment unavailable, starting with base tools" >&2
else
  # Nothing to realise or clear: skip a Node start-up (~100 ms of time-to-IDE).
  printf '{"state":"none","message":"no Nix configuration: base tools only","hash":null,"startedAt":%s,"finishedAt":%s}\n' \
    "$(date +%s%3N)" "$(date +%s%3N)" >"$home/.kalpana/env-status.json"
  rm -f "$home/.kalpana/env-error.txt"
fi

# shellcheck disable=SC1091
. /opt/kalpana/env-loader.sh

# code-server listens on a unix socket, never on TCP: the bridge fronts it and answers only requests
# that carry this workspace's secret (bridge/server/upstream.ts). --auth none is safe only because of
# that: the socket is reachable by this container's user alone, not by the network.
ide_socket=${KALPANA_IDE_SOCKET:-/tmp/kalpana-ide/ide.sock}
mkdir -p -m 0700 "$(dirname "$ide_socket")"
rm -f "$ide_socket"
args=(
  --socket "$ide_socket"
  --socket-mode 600
  --auth none
  --disable-telemetry
  --disable-update-check
  --disable-workspace-trust
  --reconnection-grace-time 20
  --ignore-last-opened
)
if [ -n "${KALPANA_IDE_BASE_PATH:-}" ]; then
  args+=(--abs-proxy-base-path "$KALPANA_IDE_BASE_PATH")
fi
# Absolute node: the user's environment may put another Node first on PATH, and
# code-server only runs on the Node 24 it was built for.
exec "${tuned[@]}" /usr/local/bin/node /opt/code-server/node_modules/code-server/out/node/entry.js "${args[@]}" "${KALPANA_WORKSPACE_ROOT:-/workspace}"
