import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  type CreateForm,
  checkNixConfig,
  checkRepoUrl,
  serverErrors,
  validateCreateForm,
} from "./create-workspace-validation";

const base: CreateForm = {
  name: "my app",
  source: "template",
  template: "node",
  nixConfig: "",
  nixConfigKind: "flake",
  repoUrl: "",
  branch: "",
  memoryMb: 2048,
  cpus: 2,
};
const flake = `{
  description = "dev";
  # a comment with a stray } brace
  outputs = { self, nixpkgs }: { devShells.x86_64-linux.default = nixpkgs.legacyPackages.x86_64-linux.mkShell {
    shellHook = ''echo "{"'';
  }; };
}`;

describe("validateCreateForm", () => {
  test("a template workspace becomes the API input", () => {
    const r = validateCreateForm({
      ...base,
      name: "  my app ",
      repoUrl: "https://github.com/o/r",
      branch: "dev",
    });
    assert.deepEqual(r, {
      ok: true,
      input: {
        name: "my app",
        template: "node",
        repoUrl: "https://github.com/o/r",
        branch: "dev",
        memoryMb: 2048,
        cpus: 2,
      },
    });
  });

  test("custom Nix sends the config and its kind, never a template", () => {
    const r = validateCreateForm({ ...base, source: "custom", nixConfig: flake });
    assert.ok(r.ok);
    assert.equal(r.input.template, undefined);
    assert.equal(r.input.nixConfigKind, "flake");
  });

  test("a repository's config replaces the toolchain and brings its setup and variables", () => {
    const portable = {
      source: "devcontainer" as const,
      path: ".devcontainer/devcontainer.json",
      nixConfig: flake,
      nixConfigKind: "flake" as const,
      packages: ["nodejs_20"],
      env: [{ name: "GREETING", value: "hi" }],
      setup: {
        onCreate: [{ name: "deps", command: "npm install" }],
        onStart: [],
        ports: [3000],
        extensions: ["dbaeumer.vscode-eslint"],
      },
      warnings: [],
    };
    // The template chosen earlier (or none) no longer matters.
    const r = validateCreateForm({ ...base, template: "", repoUrl: "https://github.com/o/r", portable });
    assert.ok(r.ok);
    assert.equal(r.input.template, undefined);
    assert.equal(r.input.nixConfig, flake);
    assert.deepEqual(r.input.setup, portable.setup);
    assert.deepEqual(r.input.env, portable.env);
    const plain = validateCreateForm({ ...base, portable: null });
    assert.ok(plain.ok && plain.input.template === "node" && plain.input.setup === undefined);
  });

  const bad: Array<[string, Partial<CreateForm>, string, RegExp]> = [
    ["empty name", { name: "  " }, "name", /required/],
    ["long name", { name: "x".repeat(41) }, "name", /40/],
    ["bad characters", { name: "a/b" }, "name", /letters/],
    ["no template", { template: "" }, "template", /Choose/],
    ["branch without repo", { branch: "main" }, "branch", /repository/],
    ["bad branch", { repoUrl: "https://github.com/o/r", branch: "a..b" }, "branch", /branch/],
    ["not a URL", { repoUrl: "github.com/o/r" }, "repoUrl", /full URL/],
    ["ssh URL", { repoUrl: "git@github.com:o/r.git" }, "repoUrl", /full URL|http/],
    ["credentials in URL", { repoUrl: "https://u:p@github.com/o/r" }, "repoUrl", /credentials/],
    ["memory too small", { memoryMb: 128 }, "memoryMb", /256/],
    ["cpus out of range", { cpus: 0 }, "cpus", /CPUs/],
  ];
  for (const [what, patch, field, message] of bad) {
    test(`rejects ${what}`, () => {
      const r = validateCreateForm({ ...base, ...patch });
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.errors[field as keyof typeof r.errors] ?? "", message);
    });
  }

  test("limits passed by the server bound the resources", () => {
    const r = validateCreateForm({ ...base, memoryMb: 8192 }, { maxMemoryMb: 4096, maxCpus: 4 });
    assert.ok(!r.ok && /4096/.test(r.errors.memoryMb ?? ""));
  });
});

describe("checkNixConfig", () => {
  test("accepts a flake with braces inside comments and strings", () =>
    assert.equal(checkNixConfig(flake, "flake"), undefined));
  test("accepts a shell.nix", () =>
    assert.equal(
      checkNixConfig("{ pkgs ? import <nixpkgs> {} }: pkgs.mkShell { packages = [ pkgs.go ]; }", "shell"),
      undefined,
    ));
  const cases: Array<[string, string, "flake" | "shell", RegExp]> = [
    ["empty", "  \n", "flake", /Paste/],
    ["unclosed brace", "{\n  outputs = { }: {\n", "flake", /Line 2: "\{" is never closed/],
    ["stray closer", "{ outputs = x; }\n]", "flake", /Line 2: unexpected "\]"/],
    ["unclosed string", '{ outputs = "abc; }', "flake", /string is never closed/],
    ["flake without outputs", "{ description = 1; }", "flake", /outputs/],
    ["plain prose", "hello world", "shell", /Nix expression/],
  ];
  for (const [what, text, kind, message] of cases) {
    test(`rejects ${what}`, () => assert.match(checkNixConfig(text, kind) ?? "", message));
  }
  test("rejects more than 64 KiB, counting UTF-8 bytes", () => {
    const big = `{ outputs = x; } # ${"é".repeat(33 * 1024)}`;
    assert.match(checkNixConfig(big, "flake") ?? "", /64 KiB/);
  });
});

describe("helpers", () => {
  test("checkRepoUrl accepts owner/repo URLs", () =>
    assert.equal(checkRepoUrl("http://127.0.0.1:9/o/r.git"), undefined));
  test("the server's refusal lands on the fields its details name", () => {
    const message = "repoUrl: only repositories on github.com can be cloned";
    assert.deepEqual(serverErrors({ repoUrl: "Only repositories on github.com can be cloned" }, message), {
      repoUrl: "Only repositories on github.com can be cloned",
    });
    assert.deepEqual(serverErrors({ nixConfigKind: "Required" }, "nixConfigKind: required"), {
      nixConfig: "Required",
    });
    // No field named (or one the form does not have): the whole form shows the message.
    assert.deepEqual(serverErrors({}, "Workspace limit reached"), { form: "Workspace limit reached" });
    assert.deepEqual(serverErrors({ secret: "x" }, "nope"), { form: "nope" });
  });
});
