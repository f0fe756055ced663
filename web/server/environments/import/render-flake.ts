// The flake.nix an imported config becomes: the templates' shape (nix/README.md) with the
// packages the repository named. Only attribute paths checked to be plain identifiers reach the
// Nix text, and the description is a Nix string with every special character escaped, so a
// repository cannot smuggle Nix code into it.

const ATTR = /^[A-Za-z_][A-Za-z0-9_'-]{0,99}$/;

/** `["nodejs_20"]`, `["python312Packages", "pip"]`: true when every segment is an identifier. */
export const isAttrPath = (path: string[]): boolean =>
  path.length > 0 && path.length <= 5 && path.every((p) => ATTR.test(p) && p !== "__proto__");

/** A Nix double-quoted string literal of `s`. */
export function nixString(s: string): string {
  return `"${s
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/\$\{/g, "\\${")
    .replace(/\n/g, "\\n")}"`;
}

export const DEFAULT_NIXPKGS = "nixos-24.11";

export function renderFlake(opts: { description: string; nixpkgs: string; packages: string[] }): string {
  if (!/^nixos-(unstable|\d\d\.\d\d)$/.test(opts.nixpkgs))
    throw new Error(`bad nixpkgs branch ${opts.nixpkgs}`);
  for (const p of opts.packages) if (!isAttrPath(p.split("."))) throw new Error(`bad package ${p}`);
  const packages = opts.packages.map((p) => `            pkgs.${p}\n`).join("");
  return `# Imported by Kalpana from ${opts.description.replace(/[^\w./ -]/g, "")}.
# Edit freely: this file is the workspace's Nix environment (~/.kalpana/env/flake.nix).
{
  description = ${nixString(`Kalpana workspace: ${opts.description}`.slice(0, 200))};

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/${opts.nixpkgs}";

  outputs =
    { self, nixpkgs }:
    let
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.\${system});
    in
    {
      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell {
          packages = [
${packages}          ];
        };
      });
    };
}
`;
}
