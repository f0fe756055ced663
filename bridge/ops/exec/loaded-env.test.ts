import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { envLoader, parseEnv0 } from "./loaded-env";

function envDir() {
  const dir = mkdtempSync(path.join(tmpdir(), "kalpana-loaded-env-"));
  const counter = path.join(dir, "sourced");
  const write = (script: string, hash: string | null) => {
    // Every source appends a line to `sourced`, so a test can count the loads.
    writeFileSync(path.join(dir, "env.sh"), `echo x >>${counter}\n${script}\n`);
    if (hash === null) rmSync(path.join(dir, "env.hash"), { force: true });
    else writeFileSync(path.join(dir, "env.hash"), `${hash}\n`);
  };
  const loads = () => (existsSync(counter) ? readFileSync(counter, "utf8").split("\n").length - 1 : 0);
  return { dir, write, loads, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const base = () => ({ PATH: "/usr/bin:/bin", HOME: "/home/x", BASH_ENV: "/opt/loader.sh" });

test("loaded env: env.sh's exports once per hash, marked loaded, BASH_ENV kept for the loader", async () => {
  const d = envDir();
  try {
    d.write('export FOO="a b\nc"; export PATH="/nix/store/abc-node/bin:$PATH"; BAR=local', "h1");
    const l = envLoader(d.dir, base);
    const [a, b] = await Promise.all([l.current(), l.current()]);
    assert.equal(a.FOO, "a b\nc");
    assert.equal(a.PATH, "/nix/store/abc-node/bin:/usr/bin:/bin");
    assert.equal(a.KALPANA_ENV_LOADED, "h1");
    assert.equal(a.BASH_ENV, "/opt/loader.sh");
    assert.equal(a.BAR, undefined, "not exported: a command would not see it either");
    assert.equal(a.PWD, undefined);
    assert.deepEqual(b, a);
    await l.current();
    assert.equal(d.loads(), 1, "concurrent and later calls share one load");
    // A caller changing its copy does not change the cache.
    a.FOO = "changed";
    assert.equal((await l.current()).FOO, "a b\nc");
  } finally {
    d.done();
  }
});

test("loaded env: a re-realised environment (new hash, or same hash with a rewritten file) is reloaded", async () => {
  const d = envDir();
  try {
    d.write("export FOO=1; export PATH=/nix/store/x:$PATH", "h1");
    const l = envLoader(d.dir, base);
    assert.equal((await l.current()).FOO, "1");
    d.write("export FOO=2; export PATH=/nix/store/x:$PATH", "h2");
    const second = await l.current();
    assert.equal(second.FOO, "2");
    assert.equal(second.KALPANA_ENV_LOADED, "h2");
    d.write("export FOO=three; export PATH=/nix/store/x:$PATH", "h2");
    utimesSync(path.join(d.dir, "env.sh"), new Date(), new Date(Date.now() + 5000));
    assert.equal((await l.current()).FOO, "three");
    assert.equal(d.loads(), 3);
  } finally {
    d.done();
  }
});

test("loaded env: no hash (no Nix config, or cleared) → the base environment, nothing sourced", async () => {
  const d = envDir();
  try {
    d.write("export FOO=1", null);
    const env = await envLoader(d.dir, base).current();
    assert.deepEqual(env, base());
    assert.equal(d.loads(), 0);
    assert.deepEqual(await envLoader(path.join(d.dir, "missing"), base).current(), base());
  } finally {
    d.done();
  }
});

test("loaded env: a script that ends the shell leaves commands to source it themselves", async () => {
  const d = envDir();
  try {
    d.write("export FOO=1; exit 0", "h1");
    const env = await envLoader(d.dir, base).current();
    assert.deepEqual(env, base(), "not marked loaded: env-loader.sh sources it per command, as before");
  } finally {
    d.done();
  }
});

test("loaded env: env -0 output splits on NUL only, drops per-shell variables", () => {
  assert.deepEqual(parseEnv0("A=1\0B=x=y\nz\0PWD=/\0SHLVL=1\0_=/bin/env\0=bad\0"), { A: "1", B: "x=y\nz" });
});
