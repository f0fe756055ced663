# Offline stand-in for nixpkgs, for TESTS ONLY (KALPANA_NIX_STUB=1). It exposes the few
# attributes our templates use, so the real template flake.nix files can be realised via
# `--override-input nixpkgs path:/opt/kalpana/nix-stub` where no binary cache is reachable.
{
  description = "Kalpana nixpkgs stub (tests only)";

  outputs =
    { self }:
    let
      lib = import ./lib.nix;
    in
    {
      inherit lib;
      legacyPackages = lib.genAttrs [ "x86_64-linux" "aarch64-linux" ] (
        system: import ./default.nix { inherit system; }
      );
    };
}
