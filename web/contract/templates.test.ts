// The template flake check the server applies and the admin editor shows: a real flake passes; an
// empty, oversized, library-only or malformed one is refused with a message naming what is wrong
// (and the line, for brackets and strings). Brackets inside strings and comments do not count.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { listTemplates } from "../../nix/index";
import { createTemplateInput, flakeProblem } from "./templates";

const OK = `{
  description = "team";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";
  outputs = { self, nixpkgs }: let pkgs = nixpkgs.legacyPackages.x86_64-linux; in {
    devShells.x86_64-linux.default = pkgs.mkShell {
      packages = [ pkgs.jq ];
      shellHook = ''
        echo "} ] ) are text here" \${pkgs.jq}
        echo ''' ''\${literal}
      '';
    };
  };
}
`;

test("every built-in template's flake passes", () => {
  for (const t of listTemplates())
    assert.equal(flakeProblem(readFileSync(path.join(t.dir, "flake.nix"), "utf8")), null, t.id);
  assert.equal(flakeProblem(OK), null);
  assert.equal(flakeProblem(`# a comment with { unbalanced\n/* and ( here */${OK}`), null);
});

test("refused flakes say why", () => {
  const cases: [string, RegExp][] = [
    ["", /empty/],
    ["   \n", /empty/],
    [`${OK}#${"x".repeat(64 * 1024)}`, /larger than 64 KiB/],
    ["{ outputs = _: { packages = {}; }; }", /no devShells/],
    ["{ outputs = _: { }; /* devShells */ }", /no devShells/],
    ['{ outputs = _: { }; x = "devShells"; }', /no devShells/],
    ["{ devShells = 1; }", /no outputs/],
    ["devShells: outputs", /attribute set/],
    ["{ outputs = _: { devShells = {\n  x = 1;\n}; }", /"\{" opened on line 1 is never closed/],
    ["{ outputs = _: { devShells = [ ); }; }", /line 1: "\)" does not match "\["/],
    ["{ outputs = _: { devShells = 1; }; }\n}", /line 2: "\}" closes nothing/],
    ['{ outputs = _: { devShells = "x; }; }', /string opened on line 1 is never closed/],
    ["{ outputs = _: { devShells = ''x; }; }", /'' string opened on line 1/],
    ["{ outputs = _: { devShells = 1; }; } /* x", /comment opened on line 1/],
  ];
  for (const [text, want] of cases) assert.match(flakeProblem(text) ?? "passed", want, text.slice(0, 60));
});

test("the create input refuses a bad id, icon or extension and a bad flake, naming the field", () => {
  const base = { id: "team-data", name: "Team", description: "d", icon: "box", flake: OK };
  assert.ok(createTemplateInput.safeParse(base).success);
  const bad: [Record<string, unknown>, string][] = [
    [{ id: "Team" }, "id"],
    [{ id: "-x" }, "id"],
    [{ id: "x".repeat(33) }, "id"],
    [{ icon: "" }, "icon"],
    [{ name: "x".repeat(41) }, "name"],
    [{ extensions: ["not an id"] }, "extensions"],
    [{ memoryMb: 10 }, "memoryMb"],
    [{ flake: "{ outputs = _: {}; }" }, "flake"],
    [{ extra: 1 }, ""],
  ];
  for (const [patch, field] of bad) {
    const r = createTemplateInput.safeParse({ ...base, ...patch });
    assert.equal(r.success, false, JSON.stringify(patch));
    assert.equal(String(r.error?.issues[0]?.path[0] ?? ""), field, JSON.stringify(patch));
  }
});
