// The converters against real-world-shaped samples (fixtures/: Firebase Studio's templates,
// the devcontainers/templates Node and Python+Compose ones, a flake with and without a devShell)
// and against hostile input: huge lists, bad names, NUL, Nix code in strings.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { importedConfigSchema, workspaceSetupSchema } from "../../../contract/portable-config";
import { convertDevNix } from "./dev-nix";
import { convertDevcontainer, DevcontainerError } from "./devcontainer";
import { convertFlake, FlakeError } from "./flake";
import { NixSubsetError, parseNixSubset } from "./nix-subset";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const has = (warnings: string[], re: RegExp) =>
  assert.ok(
    warnings.some((w) => re.test(w)),
    `no warning matches ${re}:\n${warnings.join("\n")}`,
  );

describe(".idx/dev.nix", () => {
  it("converts Firebase Studio's Next.js template", () => {
    const c = convertDevNix(fixture("idx-nextjs.dev.nix"));
    importedConfigSchema.parse(c);
    assert.deepEqual(c.packages, ["nodejs_20", "nodePackages.pnpm"]);
    assert.match(c.nixConfig, /github:NixOS\/nixpkgs\/nixos-24\.05/);
    assert.match(c.nixConfig, /pkgs\.nodejs_20\n\s+pkgs\.nodePackages\.pnpm/);
    assert.deepEqual(c.env, [
      { name: "NEXT_TELEMETRY_DISABLED", value: "1" },
      { name: "API_BASE", value: "http://localhost:8080/api" },
    ]);
    assert.deepEqual(c.setup.extensions, ["dbaeumer.vscode-eslint", "esbenp.prettier-vscode"]);
    assert.deepEqual(c.setup.ports, [3000]);
    assert.deepEqual(c.setup.onCreate, [
      { name: "npm-install", command: "npm ci --no-audit --prefer-offline --no-progress --timing" },
    ]);
    assert.deepEqual(c.setup.onStart, [
      { name: "watch-backend", command: "npm run watch-backend" },
      {
        name: "preview-web",
        command: "env PORT=3000 PORT=3000 npm run dev -- --port 3000 --hostname 0.0.0.0",
      },
    ]);
    assert.deepEqual(c.warnings, []);
  });

  it("keeps what it understands of the Python template and names the rest", () => {
    const c = convertDevNix(fixture("idx-python-flask.dev.nix"));
    assert.deepEqual(c.packages, ["python311", "python311Packages.pip"]);
    assert.match(c.nixConfig, /nixos-23\.11/);
    assert.deepEqual(c.env, [{ name: "FLASK_APP", value: "main.py" }]);
    assert.equal(c.setup.onCreate[0]?.name, "create-venv");
    assert.equal(
      c.setup.onCreate[0]?.command,
      "python -m venv .venv\nsource .venv/bin/activate\npip install -r requirements.txt\n",
    );
    assert.deepEqual(c.setup.ports, [3000]);
    has(c.warnings, /a package left out: line 8 \(\(python311\.withPackages/);
    has(c.warnings, /services\.docker is not started/);
    has(c.warnings, /HOME_BIN left out/);
    has(c.warnings, /preview android \(manager flutter\) left out/);
  });

  it("never evaluates: let, imports, function calls and interpolated keys are reported, not run", () => {
    const c = convertDevNix(`{ pkgs, lib, ... }:
      { packages = let p = import ./evil.nix; in [ p ];
        env = builtins.readFile /etc/passwd;
        "\${builtins.getEnv "HOME"}" = 1;
        idx.workspace.onCreate.ok = "echo ok";
        idx.extensions = [ "../../etc.passwd" "a.b@1.2.3" ("x" + "y") ];
      }`);
    assert.deepEqual(c.packages, []);
    assert.deepEqual(c.env, []);
    assert.deepEqual(c.setup.onCreate, [{ name: "ok", command: "echo ok" }]);
    assert.deepEqual(c.setup.extensions, ["a.b@1.2.3"]);
    has(c.warnings, /packages left out: line 2/);
    has(c.warnings, /env left out: line 3/);
    has(c.warnings, /dynamic line 4/);
    has(c.warnings, /"\.\.\/\.\.\/etc\.passwd" is not publisher\.name/);
  });

  it("refuses what is not a dev.nix at all, with the reason", () => {
    assert.throws(() => convertDevNix('"just a string"'), NixSubsetError);
    assert.throws(() => convertDevNix("{ pkgs }: { packages = [ pkgs.a "), /never ends/);
    assert.throws(() => convertDevNix(`${"[".repeat(100)}${"]".repeat(100)}`), /nests too deeply/);
    assert.throws(() => parseNixSubset("x ".repeat(30_000)), /too many tokens/);
  });

  it("caps hostile lists and checks names", () => {
    const many = Array.from({ length: 500 }, (_, i) => `pkgs.p${i}`).join(" ");
    const hooks = Array.from({ length: 50 }, (_, i) => `h${i} = "true";`).join(" ");
    const c = convertDevNix(
      `{ pkgs, ... }: { packages = [ ${many} ]; env = { LD_PRELOAD = "/x.so"; PATH = "/evil"; "a b" = "1"; OK = "x"; };
         idx.workspace.onStart = { ${hooks} }; }`,
    );
    assert.equal(c.packages.length, 200);
    assert.deepEqual(c.env, [{ name: "OK", value: "x" }]);
    assert.equal(c.setup.onStart.length, 20);
    has(c.warnings, /LD_PRELOAD.*reserved/);
    has(c.warnings, /PATH.*reserved/);
    assert.ok(c.warnings.length <= 50);
    importedConfigSchema.parse(c);
  });

  it("a hostile description or package name cannot add Nix code to the flake", () => {
    const c = convertDevNix('{ pkgs, ... }: { packages = [ pkgs."x; }; evil = import /etc" ]; }');
    assert.deepEqual(c.packages, []);
    assert.doesNotMatch(c.nixConfig, /evil/);
  });
});

describe(".devcontainer/devcontainer.json", () => {
  it("converts the devcontainers TypeScript template (JSONC: comments, trailing commas)", () => {
    const c = convertDevcontainer(fixture("typescript-node.devcontainer.json"));
    importedConfigSchema.parse(c);
    assert.deepEqual(c.packages, ["nodejs_22", "gh"]);
    assert.deepEqual(c.env, [
      { name: "NODE_ENV", value: "development" },
      { name: "GREETING", value: 'it\'s "quoted" $(not run)' },
    ]);
    assert.deepEqual(c.setup.ports, [3000, 5173]);
    assert.deepEqual(c.setup.onCreate, [{ name: "postCreateCommand", command: "npm install" }]);
    assert.deepEqual(c.setup.onStart, [{ name: "postStartCommand", command: "npm run start:watch" }]);
    assert.deepEqual(c.setup.extensions, ["dbaeumer.vscode-eslint", "ms-vscode.vscode-typescript-next"]);
    has(
      c.warnings,
      /image "mcr\.microsoft\.com\/devcontainers\/typescript-node:1-20-bullseye" is not used.*pkgs\.nodejs_22/,
    );
    has(c.warnings, /feature "ghcr\.io\/devcontainers\/features\/github-cli:1".*pkgs\.gh/);
    has(c.warnings, /docker-in-docker.*Add the tools it installs as packages/);
    has(c.warnings, /remoteEnv\.PATH left out: \$\{…\} substitutions/);
    has(c.warnings, /"db:5432" left out/);
    has(c.warnings, /initializeCommand left out: it runs on the host/);
    has(c.warnings, /settings are not applied/);
  });

  it("converts a Compose-based Python config with named commands", () => {
    const c = convertDevcontainer(fixture("python-compose.devcontainer.json"));
    assert.deepEqual(c.packages, ["python312"]);
    assert.deepEqual(c.setup.onCreate, [
      { name: "deps", command: "pip install --user -r requirements.txt" },
      { name: "tools", command: "pip install --user ruff" },
      { name: "postCreateCommand", command: "python manage.py migrate" },
    ]);
    assert.deepEqual(c.setup.ports, [8000, 5432]);
    assert.deepEqual(c.setup.extensions, ["ms-python.python", "charliermarsh.ruff"]);
    has(c.warnings, /dockerComposeFile is not used/);
    has(c.warnings, /Dockerfile build is not used: put the packages/);
  });

  it("quotes argv commands so each word arrives as one argument", () => {
    const c = convertDevcontainer(`{ "postCreateCommand": ["echo", "a b", "it's", "$(id)"] }`);
    assert.equal(c.setup.onCreate[0]?.command, `echo 'a b' 'it'\\''s' '$(id)'`);
  });

  it("refuses broken JSON and caps hostile content", () => {
    assert.throws(() => convertDevcontainer("{ nope"), DevcontainerError);
    assert.throws(() => convertDevcontainer("[]"), /not a JSON object/);
    const c = convertDevcontainer(
      JSON.stringify({
        forwardPorts: [0, 70000, ...Array.from({ length: 100 }, (_, i) => 1000 + i)],
        customizations: { vscode: { extensions: ["a.b", "A.B", "x", "../x.y", "a.b/../../c", 5] } },
        containerEnv: { BASH_ENV: "/tmp/x", "1X": "y", OK: "a\u0000b", FINE: "z".repeat(40_000) },
        postCreateCommand: { "../../x": "true", "": "true", nul: "a\u0000b", long: "x".repeat(5000) },
        name: 'x"; } evil = import /etc/passwd; {',
      }),
    );
    assert.equal(c.setup.ports.length, 20);
    assert.deepEqual(c.setup.extensions, ["a.b"]);
    assert.deepEqual(c.env, []);
    assert.deepEqual(
      c.setup.onCreate.map((h) => h.name),
      ["------x", "hook"],
    );
    // The name stays inside one escaped Nix string: the quote is \" there.
    assert.ok(
      c.nixConfig.includes('description = "Kalpana workspace: x\\"; } evil = import /etc/passwd; {";'),
    );
    workspaceSetupSchema.parse(c.setup);
  });
});

describe("flake.nix", () => {
  it("a flake with a devShell is used as is", () => {
    const text = fixture("devshell.flake.nix");
    const c = convertFlake(text);
    assert.equal(c.nixConfig, text);
    assert.deepEqual(c.warnings, []);
  });
  it("a flake without one is refused with how to fix it", () => {
    assert.throws(() => convertFlake(fixture("library.flake.nix")), FlakeError);
    assert.throws(() => convertFlake(fixture("library.flake.nix")), /devShells\.<system>\.default/);
  });
  it("warns about paths next to the flake", () => {
    const c = convertFlake("{ outputs = { ... }: { devShells.x.default = import ./shell.nix; }; }");
    assert.match(c.warnings[0] ?? "", /refers to files beside it/);
  });
});
