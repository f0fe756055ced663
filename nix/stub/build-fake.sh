# Builder for a fake tool. Runs under the static bash from /opt/kalpana/nix-stub-tools;
# busybox provides the few coreutils needed. $versions: "<command>\t<version line>" lines.
set -euo pipefail
"$busybox" mkdir -p "$out/bin"
while IFS=$'\t' read -r cmd line; do
  [ -n "$cmd" ] || continue
  printf '#!%s\n# Kalpana nix stub: not a real %s\nprintf "%%s\\n" %q\n' \
    "$shell" "$cmd" "$line" >"$out/bin/$cmd"
  "$busybox" chmod 0555 "$out/bin/$cmd"
done <<<"$versions"
