# Loads the cached Nix environment (written by kalpana-env) into bash: non-interactive via
# BASH_ENV, terminals via /etc/bash.bashrc. Sourcing a file costs ~10 ms; `nix develop`
# per command would cost 150-250 ms. The hash guard avoids stacking PATH twice while still
# picking up an environment that was re-realised after this process started.
# Sourced into users' shells: no `set -euo pipefail` here, it would change their shell.
if [ -r /home/coder/.kalpana/env.sh ] && [ -r /home/coder/.kalpana/env.hash ]; then
  read -r __kalpana_hash </home/coder/.kalpana/env.hash || __kalpana_hash=""
  # Also reload when a login profile (/etc/profile) has reset PATH since the env was loaded.
  if [ -n "$__kalpana_hash" ] && { [ "${KALPANA_ENV_LOADED:-}" != "$__kalpana_hash" ] || [[ $PATH != */nix/store/* ]]; }; then
    # shellcheck disable=SC1091
    . /home/coder/.kalpana/env.sh
    export KALPANA_ENV_LOADED="$__kalpana_hash"
  fi
  unset __kalpana_hash
fi
# The malloc tuning of the bridge and code-server (see entrypoint.sh) is not for user programs.
if [ -n "${KALPANA_MALLOC_TUNED:-}" ]; then
  unset MALLOC_ARENA_MAX MALLOC_TRIM_THRESHOLD_ KALPANA_MALLOC_TUNED
fi
