
# --- Kalpana: Nix environment for terminals, and a visible warning when it failed.
# (Appended to /etc/bash.bashrc, i.e. sourced by interactive shells: no `set -e` here.)
. /opt/kalpana/env-loader.sh
if [ -s /home/coder/.kalpana/env-error.txt ]; then
  printf '\033[1;33m! Kalpana: the Nix environment failed to build; only base tools are available.\033[0m\n'
  printf '  %s\n' "$(head -c 600 /home/coder/.kalpana/env-error.txt)"
  printf '  Full log: ~/.kalpana/env.log  Status: ~/.kalpana/env-status.json\n'
fi
