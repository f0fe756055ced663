// Which names a person may give a variable: POSIX names, minus the ones that would act on the shell,
// the dynamic linker, the Nix environment, Kalpana's loader or git's credential path.
import assert from "node:assert/strict";
import { test } from "node:test";
import { envVarNameProblem, envVarPut } from "./env-vars";

test("allowed names", () => {
  for (const name of ["API_TOKEN", "_x", "path", "home", "DATABASE_URL", "NODE_ENV", "GITHUB_TOKEN", "a1"]) {
    assert.equal(envVarNameProblem(name), null, name);
  }
});

test("refused names: not POSIX, or reserved by the workspace", () => {
  for (const name of [
    "",
    "1A",
    "A-B",
    "A B",
    "A;id",
    "Ä",
    "x".repeat(129),
    "PATH",
    "HOME",
    "BASH_ENV",
    "ENV",
    "IFS",
    "PROMPT_COMMAND",
    "SHELLOPTS",
    "LD_PRELOAD",
    "LD_LIBRARY_PATH",
    "LD_AUDIT",
    "BASH_FUNC_ls",
    "NIX_CONF_DIR",
    "KALPANA_VAR_NAMES",
    "KALPANA_VARS_LOADED",
    "GIT_ASKPASS",
    "GIT_CONFIG_GLOBAL",
    "GIT_CONFIG_COUNT",
    "GIT_SSH_COMMAND",
    "__kalpana_vars",
  ]) {
    assert.notEqual(envVarNameProblem(name), null, name);
    assert.equal(envVarPut.safeParse({ name, value: "x" }).success, false, name);
  }
});

test("values: anything but NUL, up to 32 KiB; secret defaults to false", () => {
  assert.deepEqual(envVarPut.parse({ name: "A", value: "$(id)\n'`" }), {
    name: "A",
    value: "$(id)\n'`",
    secret: false,
  });
  assert.equal(envVarPut.safeParse({ name: "A", value: "a\0b" }).success, false);
  assert.equal(envVarPut.safeParse({ name: "A", value: "x".repeat(32 * 1024 + 1) }).success, false);
});
