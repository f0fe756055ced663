# Builder for the stub stdenv: writes a `setup` that, like nixpkgs' setup hook, puts every
# input's bin/ on PATH. mkShell also uses this file as its (never-run-for-real) builder.
set -euo pipefail
if [ -n "${stdenv:-}" ]; then
  # mkShell derivation: only reached by `nix build`, so produce an empty output.
  "$busybox" mkdir -p "$out"
  exit 0
fi
"$busybox" mkdir -p "$out"
{
  printf '%s\n' '# Kalpana nix stub stdenv: PATH from inputs only.'
  printf '%s\n' 'for __p in ${nativeBuildInputs:-} ${buildInputs:-} ${propagatedBuildInputs:-}; do'
  printf '%s\n' '  if [ -d "$__p/bin" ]; then PATH="$__p/bin${PATH:+:$PATH}"; fi'
  printf '%s\n' 'done'
  printf '%s\n' 'unset __p'
  printf '%s\n' 'export PATH'
} >"$out/setup"
