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
mkdir -p "$home/.kalpana" "$home/.local/share/code-server/User"
# /home/coder is a named volume: seed the user settings once, never overwrite edits.
settings="$home/.local/share/code-server/User/settings.json"
[ -e "$settings" ] || cp /opt/kalpana/settings.json "$settings"

if [ -f /opt/kalpana/bridge.mjs ]; then
  # The bridge reads its secret from KALPANA_BRIDGE_SECRET_FILE (put there by the control
  # plane before start); the secret itself never travels in env, argv or logs.
  /usr/local/bin/node /opt/kalpana/bridge.mjs &
fi

/usr/local/bin/node /opt/kalpana/kalpana-env.mjs || echo "kalpana: Nix environment unavailable, starting with base tools" >&2

# shellcheck disable=SC1091
. /opt/kalpana/env-loader.sh

args=(
  --bind-addr 0.0.0.0:8080
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
exec /usr/local/bin/node /opt/code-server/node_modules/code-server/out/node/entry.js "${args[@]}" "${KALPANA_WORKSPACE_ROOT:-/workspace}"
