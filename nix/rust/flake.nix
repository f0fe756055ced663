# Kalpana workspace template: Rust (cargo, rustc, rust-analyzer, rustfmt, clippy).
# Realised at container start by /opt/kalpana/kalpana-env (nix print-dev-env); pin with
# `nix flake lock` where GitHub is reachable (see nix/README.md).
{
  description = "Kalpana template: Rust (cargo, rustc, rust-analyzer, rustfmt, clippy)";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";

  outputs =
    { self, nixpkgs }:
    let
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell {
          packages = with pkgs; [
            cargo
            rustc
            rust-analyzer
            rustfmt
            clippy
          ];
        };
      });
    };
}
