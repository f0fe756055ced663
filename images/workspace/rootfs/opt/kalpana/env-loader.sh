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
# The person's variables and secrets (Settings, and the workspace's own), written by the bridge
# (env:vars) into a tmpfs file. Re-read only when its first-line marker changed, so a value set for
# one command (`FOO=x ./script`) is not reset inside the script's bash; before re-reading, the names
# the previous version exported are dropped, so a deleted variable is gone from new shells.
if [ -r /run/kalpana/env-vars.sh ]; then
  read -r __kalpana_vars </run/kalpana/env-vars.sh || __kalpana_vars=""
  if [ -n "$__kalpana_vars" ] && [ "${KALPANA_VARS_LOADED:-}" != "$__kalpana_vars" ]; then
    # Word splitting is wanted: the names are POSIX names separated by spaces.
    # shellcheck disable=SC2086
    [ -n "${KALPANA_VAR_NAMES:-}" ] && unset $KALPANA_VAR_NAMES
    # shellcheck disable=SC1091
    . /run/kalpana/env-vars.sh
    export KALPANA_VARS_LOADED="$__kalpana_vars"
  fi
  unset __kalpana_vars
fi
