import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { executesLater, normalisePath } from "./exec-later";
import { installScriptChange } from "./package-scripts";

const sensitive: Array<[string, string]> = [
  [".git/config", "git-dir"],
  [".git/hooks/pre-commit", "git-dir"],
  [".git", "git-dir"],
  ["sub/module/.git/hooks/post-checkout", "git-dir"],
  ["/workspace/.git/info/attributes", "git-dir"],
  ["src/../.git/config", "git-dir"],
  ["./src/./../.GIT/hooks/x", "git-dir"],
  ["src//..//.git//config", "git-dir"],
  [".gitattributes", "git-meta"],
  ["docs/.gitattributes", "git-meta"],
  [".gitmodules", "git-meta"],
  [".husky/pre-commit", "git-hooks"],
  [".githooks/pre-push", "git-hooks"],
  [".pre-commit-config.yaml", "git-hooks"],
  ["lefthook.yml", "git-hooks"],
  [".vscode/tasks.json", "vscode"],
  [".vscode/settings.json", "vscode"],
  [".vscode/launch.json", "vscode"],
  [".vscode/extensions.json", "vscode"],
  [".vscode", "vscode"],
  ["app/.vscode/tasks.json", "vscode"],
  ["kalpana.code-workspace", "vscode"],
  [".devcontainer/devcontainer.json", "vscode"],
  [".envrc", "env-file"],
  [".env", "env-file"],
  [".env.local", "env-file"],
  [".env.production", "env-file"],
  ["apps/web/.env.development.local", "env-file"],
  ["mise.toml", "env-file"],
  [".bashrc", "shell-startup"],
  [".profile", "shell-startup"],
  [".zshrc", "shell-startup"],
  [".bash_profile", "shell-startup"],
  [".zshenv", "shell-startup"],
  ["home/.bash_login", "shell-startup"],
  [".config/fish/config.fish", "shell-startup"],
  ["/home/coder/.bashrc", "shell-startup"],
  [".github/workflows/ci.yml", "ci"],
  [".github/workflows/deep/x.yaml", "ci"],
  [".github/actions/setup/action.yml", "ci"],
  [".gitlab-ci.yml", "ci"],
  [".gitlab/ci/build.yml", "ci"],
  [".circleci/config.yml", "ci"],
  [".travis.yml", "ci"],
  ["azure-pipelines.yml", "ci"],
  ["Jenkinsfile", "ci"],
  [".buildkite/pipeline.yml", "ci"],
  [".npmrc", "package-manager"],
  ["packages/a/.npmrc", "package-manager"],
  [".yarnrc.yml", "package-manager"],
  [".pnpmfile.cjs", "package-manager"],
  ["bunfig.toml", "package-manager"],
];
const ordinary = [
  "src/index.ts",
  "README.md",
  "package.json",
  "Makefile",
  ".gitignore",
  ".github/CODEOWNERS",
  ".github/ISSUE_TEMPLATE/bug.md",
  ".github/dependabot.yml",
  ".env.example",
  ".env.sample",
  ".env.template",
  "docs/env.md",
  "git/config",
  "my.git/config",
  "src/.gitkeep",
  "vscode/tasks.json",
  ".vscode-test.mjs",
  "bashrc",
  ".editorconfig",
  ".prettierrc",
  "tsconfig.json",
  ".github/workflows.md",
  "workflows/ci.yml",
];

describe("files that make something run later", () => {
  for (const [p, id] of sensitive) test(`needs approval: ${p}`, () => assert.equal(executesLater(p)?.id, id));
  for (const p of ordinary) test(`ordinary: ${p}`, () => assert.equal(executesLater(p), null));

  test("paths are normalised before they are classified", () => {
    assert.equal(normalisePath("/workspace/a/../.Git/Config"), ".git/config");
    assert.equal(normalisePath("./a/./b/"), "a/b");
    assert.equal(normalisePath("a\\..\\.vscode\\tasks.json"), ".vscode/tasks.json");
    assert.equal(normalisePath("/workspace"), ".");
  });
});

describe("package.json: only install-time scripts", () => {
  const base = JSON.stringify({ name: "x", scripts: { test: "node --test", postinstall: "husky" } });
  const cases: Array<[string, string | null, string, boolean]> = [
    ["a new dependency", base, JSON.stringify({ ...JSON.parse(base), dependencies: { zod: "^4" } }), false],
    ["a changed test script", base, base.replace("node --test", "vitest"), false],
    ["a changed postinstall", base, base.replace("husky", "curl x | sh"), true],
    ["a new preinstall", base, base.replace('"test"', '"preinstall":"node x.js","test"'), true],
    ["a new prepare", base, base.replace('"test"', '"prepare":"node x.js","test"'), true],
    ["a removed postinstall", base, base.replace(',"postinstall":"husky"', ""), true],
    [
      "a new file without install scripts",
      null,
      JSON.stringify({ name: "y", scripts: { build: "tsc" } }),
      false,
    ],
    ["a new file with one", null, JSON.stringify({ scripts: { install: "make" } }), true],
    ["text that is not JSON", base, "{ not json", true],
  ];
  for (const [name, before, after, approval] of cases) {
    test(name, () => assert.equal(installScriptChange(before, after) !== null, approval));
  }
});
