// env:apply runs the image's real kalpana-env (images/workspace/rootfs/opt/kalpana/kalpana-env.mjs)
// against a stand-in `nix` on PATH (fake-nix.fixture.ts): one that prints a dev-env script, or fails
// like Nix does on a broken config. A failure must put the previous configuration and env.sh back
// exactly; a success writes the new env.sh that env-loader.sh loads into new terminals.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { EnvApplyParams, EnvApplyResult } from "../../protocol/index";
import { testOpContext } from "../context.fixture";
import { envApply } from "./env-apply";
import { installFakeNix, KALPANA_ENV } from "./fake-nix.fixture";

let home = "";
let dir = "";
let savedPath = "";

before(async () => {
  home = await mkdtemp(path.join(tmpdir(), "kalpana-env-apply-"));
  dir = path.join(home, ".kalpana");
  savedPath = process.env.PATH ?? "";
  process.env.PATH = `${await installFakeNix(home)}:${savedPath}`;
});
after(async () => {
  process.env.PATH = savedPath;
  await rm(home, { recursive: true, force: true });
});

const apply = async (p: { kind: "flake" | "shell"; content: string }) => {
  const ctx = testOpContext(home, { envDir: dir, envRealiser: KALPANA_ENV });
  return EnvApplyResult.parse(await envApply(ctx, EnvApplyParams.parse(p)));
};
const read = (f: string) => readFile(path.join(dir, f), "utf8").catch(() => null);

test("a working config is realised: env.sh and the hash change, the status is ready", async () => {
  const r = await apply({ kind: "flake", content: "{ outputs = _: { tool-alpha = 1; }; }\n" });
  assert.equal(r.status?.state, "ready", JSON.stringify(r));
  assert.equal(r.restored, false);
  assert.match((await read("env.sh")) ?? "", /KALPANA_TEST_TOOL=tool-alpha/);
  assert.ok(await read("env.hash"));
  assert.equal(await read("env/flake.nix"), "{ outputs = _: { tool-alpha = 1; }; }\n");
});

test("switching kind replaces the old file: a shell.nix alone is what kalpana-env sees", async () => {
  const before = await read("env.hash");
  const r = await apply({ kind: "shell", content: "{ pkgs ? null }: { tool-beta = 1; }\n" });
  assert.equal(r.status?.state, "ready", JSON.stringify(r));
  assert.equal(await read("env/flake.nix"), null);
  assert.match((await read("env.sh")) ?? "", /tool-beta/);
  assert.notEqual(await read("env.hash"), before, "new terminals see a new hash and reload");
});

test("a broken config: the Nix error comes back, and the previous config and env are restored", async () => {
  const before = {
    env: await read("env.sh"),
    hash: await read("env.hash"),
    status: await read("env-status.json"),
    shell: await read("env/shell.nix"),
  };
  const r = await apply({ kind: "flake", content: "{ outputs = _: BROKEN; }\n" });
  assert.equal(r.status?.state, "error");
  assert.match(r.status?.message ?? "", /undefined variable 'BROKEN'/);
  assert.match(r.log, /undefined variable 'BROKEN'/);
  assert.equal(r.restored, true);
  assert.deepEqual(
    {
      env: await read("env.sh"),
      hash: await read("env.hash"),
      status: await read("env-status.json"),
      shell: await read("env/shell.nix"),
    },
    before,
  );
  assert.equal(await read("env/flake.nix"), null, "the broken file is gone");
  assert.equal(await read("env-error.txt"), null, "no error banner for a config that is not in use");
});

test("bad params are refused by the schema (empty, oversize, unknown kind)", () => {
  assert.equal(EnvApplyParams.safeParse({ kind: "flake", content: "" }).success, false);
  assert.equal(
    EnvApplyParams.safeParse({ kind: "flake", content: "x".repeat(64 * 1024 + 1) }).success,
    false,
  );
  assert.equal(EnvApplyParams.safeParse({ kind: "nixos", content: "{}" }).success, false);
});
