# `import <nixpkgs> {}` entry point (NIX_PATH=nixpkgs=/opt/kalpana/nix-stub) and the
# per-system package set behind the flake. Every tool is a tiny script printing a version
# that contains "kalpana-stub", so tests can tell it apart from a real toolchain.
{
  system ? builtins.currentSystem,
  ...
}:
let
  lib = import ./lib.nix;
  # Static binaries baked into the image: nothing here may come from a binary cache.
  tools = "/opt/kalpana/nix-stub-tools";

  # bins: { <command> = "<what `<command> --version` prints>"; }
  fake =
    pname: version: bins:
    derivation {
      name = "${pname}-${version}-kalpana-stub";
      inherit system;
      builder = "${tools}/bash";
      args = [ ./build-fake.sh ];
      busybox = "${tools}/busybox";
      shell = "${tools}/bash";
      # one "<command><TAB><version line>" per line; version lines contain spaces
      versions = lib.concatStringsSep "\n" (lib.mapAttrsToList (c: line: "${c}\t${line}") bins);
    };

  # stdenv's only job here: put the packages' bin/ on PATH, as the real setup hook does.
  stdenv = derivation {
    name = "stdenv-kalpana-stub";
    inherit system;
    builder = "${tools}/bash";
    args = [ ./build-stdenv.sh ];
    busybox = "${tools}/busybox";
  };

  # `nix develop` / `print-dev-env` insist on a builder named bash (they swap its script).
  mkShell =
    {
      name ? "nix-shell",
      packages ? [ ],
      buildInputs ? [ ],
      nativeBuildInputs ? [ ],
      shellHook ? "",
      ...
    }@args:
    derivation (
      (builtins.removeAttrs args [ "packages" ])
      // {
        inherit name system stdenv shellHook;
        # get-env.sh (what print-dev-env runs) writes to every name listed in $outputs.
        outputs = [ "out" ];
        builder = "${tools}/bash";
        args = [ ./build-stdenv.sh ];
        busybox = "${tools}/busybox";
        nativeBuildInputs = packages ++ nativeBuildInputs;
        inherit buildInputs;
      }
    );

  nodejs = v: fake "nodejs" v {
    node = "v${v}-kalpana-stub";
    npm = "10.0.0-kalpana-stub";
    npx = "10.0.0-kalpana-stub";
    corepack = "0.30.0-kalpana-stub";
  };
  python = v: fake "python" v {
    python3 = "Python ${v}-kalpana-stub";
    python = "Python ${v}-kalpana-stub";
    pip = "pip 24.0-kalpana-stub";
  };
  postgresql = v: fake "postgresql" v {
    psql = "psql (PostgreSQL) ${v}-kalpana-stub";
    pg_ctl = "pg_ctl (PostgreSQL) ${v}-kalpana-stub";
    postgres = "postgres (PostgreSQL) ${v}-kalpana-stub";
    initdb = "initdb (PostgreSQL) ${v}-kalpana-stub";
  };
in
{
  inherit lib stdenv mkShell;
  nodejs_20 = nodejs "20.0.0";
  nodejs_22 = nodejs "22.0.0";
  nodejs = nodejs "22.0.0";
  python3 = python "3.12.0";
  python312 = python "3.12.0";
  python313 = python "3.13.0";
  uv = fake "uv" "0.5.0" { uv = "uv 0.5.0-kalpana-stub"; };
  go = fake "go" "1.23.0" { go = "go version go1.23.0-kalpana-stub linux/amd64"; gofmt = "gofmt 1.23.0-kalpana-stub"; };
  gopls = fake "gopls" "0.16.0" { gopls = "golang.org/x/tools/gopls v0.16.0-kalpana-stub"; };
  cargo = fake "cargo" "1.82.0" { cargo = "cargo 1.82.0-kalpana-stub"; };
  rustc = fake "rustc" "1.82.0" { rustc = "rustc 1.82.0-kalpana-stub"; };
  rustfmt = fake "rustfmt" "1.82.0" { rustfmt = "rustfmt 1.82.0-kalpana-stub"; };
  clippy = fake "clippy" "1.82.0" { cargo-clippy = "clippy 0.1.82-kalpana-stub"; };
  rust-analyzer = fake "rust-analyzer" "2024-11-01" {
    rust-analyzer = "rust-analyzer 2024-11-01-kalpana-stub";
  };
  postgresql = postgresql "16.0";
  postgresql_16 = postgresql "16.0";
  jq = fake "jq" "1.7" { jq = "jq-1.7-kalpana-stub"; };
  hello = fake "hello" "2.12" { hello = "hello 2.12-kalpana-stub"; };
}
