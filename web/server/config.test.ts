import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { ConfigError, config, parseConfig } from "./config";
import { decryptSecret, encryptSecret } from "./crypto";
import { databaseUrlFrom } from "./db/url";
import { repoRoot } from "./paths";

const dataDir = () => mkdtempSync(path.join(tmpdir(), "kalpana-config-"));

describe("config", () => {
  test("embedded defaults: SQLite in the data folder, secrets generated once with mode 0600", () => {
    const dir = dataDir();
    const c = parseConfig({ KALPANA_DATA_DIR: dir });
    assert.equal(c.databaseUrl, `file:${path.join(dir, "kalpana.db")}`);
    assert.equal(c.PORT, 3000);
    assert.equal(c.githubConfigured, false);
    assert.equal(c.localSignIn, true, "local sign-in is on without GitHub");
    for (const f of ["auth-secret", "encryption-key"]) {
      assert.equal(statSync(path.join(dir, f)).mode & 0o777, 0o600);
    }
    assert.equal(Buffer.from(c.encryptionKey, "base64").length, 32);
    const again = parseConfig({ KALPANA_DATA_DIR: dir });
    assert.equal(again.authSecret, c.authSecret, "secrets are kept, not regenerated");
    assert.equal(readFileSync(path.join(dir, "encryption-key"), "utf8").trim(), c.encryptionKey);
  });

  test("workspace origins: kalpana.localhost by default; an IP without a workspace domain stops the server", () => {
    const c = parseConfig({ KALPANA_DATA_DIR: dataDir() });
    assert.equal(c.publicUrl, "http://kalpana.localhost:3000");
    assert.equal(c.origins.workspaceDomain, "kalpana.localhost");
    assert.equal(c.origins.sameOriginIde, false);
    assert.throws(
      () => parseConfig({ KALPANA_DATA_DIR: dataDir(), KALPANA_PUBLIC_URL: "http://192.0.2.7:3000" }),
      (e: Error) =>
        e instanceof ConfigError && /wildcard/.test(e.message) && /UNSAFE_SAME_ORIGIN_IDE/.test(e.message),
    );
    const unsafe = parseConfig({
      KALPANA_DATA_DIR: dataDir(),
      KALPANA_PUBLIC_URL: "http://192.0.2.7:3000",
      KALPANA_UNSAFE_SAME_ORIGIN_IDE: "1",
    });
    assert.equal(unsafe.origins.sameOriginIde, true);
  });

  test("the server and the migrate command agree on the database when only KALPANA_DATA_DIR is set", () => {
    const dir = dataDir();
    assert.equal(
      parseConfig({ KALPANA_DATA_DIR: dir }).databaseUrl,
      databaseUrlFrom({ KALPANA_DATA_DIR: dir }),
    );
    assert.equal(databaseUrlFrom({}), `file:${path.join(repoRoot, ".data", "kalpana.db")}`);
    assert.equal(
      databaseUrlFrom({ KALPANA_DATA_DIR: "state" }),
      `file:${path.join(repoRoot, "state", "kalpana.db")}`,
    );
  });

  test("GitHub configured turns local sign-in off unless asked for", () => {
    const env = { KALPANA_DATA_DIR: dataDir(), GITHUB_CLIENT_ID: "id", GITHUB_CLIENT_SECRET: "s" };
    assert.equal(parseConfig(env).localSignIn, false);
    assert.equal(parseConfig({ ...env, KALPANA_LOCAL_SIGNIN: "1" }).localSignIn, true);
  });

  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ["non-numeric port", { PORT: "abc" }, /PORT/],
    ["port out of range", { PORT: "70000" }, /PORT/],
    ["unknown database scheme", { DATABASE_URL: "mysql://x" }, /DATABASE_URL: must start with file:/],
    ["short auth secret", { BETTER_AUTH_SECRET: "short" }, /BETTER_AUTH_SECRET/],
    [
      "bad encryption key",
      { KALPANA_ENCRYPTION_KEY: "bm90LTMyLWJ5dGVz" },
      /KALPANA_ENCRYPTION_KEY: must be 32 bytes/,
    ],
    ["half a GitHub app", { GITHUB_CLIENT_ID: "id" }, /GITHUB_CLIENT_SECRET: .*set together/],
    ["bad URL", { GITHUB_API_URL: "not a url" }, /GITHUB_API_URL/],
    ["bad boolean", { KALPANA_NIX_STUB: "maybe" }, /KALPANA_NIX_STUB/],
  ];
  for (const [name, env, message] of bad) {
    test(`rejects ${name} with a message naming the variable`, () => {
      assert.throws(
        () => parseConfig({ KALPANA_DATA_DIR: dataDir(), ...env }),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError);
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }

  test("config() parses once, writes nothing back into process.env, and crypto uses its generated key", async () => {
    const dir = dataDir();
    const saved = { ...process.env };
    process.env.KALPANA_DATA_DIR = dir;
    for (const k of ["DATABASE_URL", "KALPANA_ENCRYPTION_KEY", "BETTER_AUTH_SECRET"]) delete process.env[k];
    const before = { ...process.env };
    try {
      const c = config();
      assert.deepEqual({ ...process.env }, before, "process.env is unchanged");
      assert.equal(config(), c, "parsed once");
      // A second copy of the module (as in Next's route bundle) sees the same parsed object.
      const copy = (await import(`./config.ts?copy=${Date.now()}`)) as typeof import("./config");
      assert.equal(copy.config(), c);
      // The key was generated into the data folder; secrets are still encrypted with it.
      assert.equal(readFileSync(path.join(dir, "encryption-key"), "utf8").trim(), c.encryptionKey);
      assert.equal(decryptSecret(encryptSecret("s3cret"), c.encryptionKey), "s3cret");
      assert.equal(process.env.KALPANA_ENCRYPTION_KEY, undefined);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  test("the server refuses to start on invalid configuration and names the variable", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "web/server.ts"], {
      cwd: repoRoot,
      env: { ...process.env, PORT: "not-a-port", KALPANA_DATA_DIR: dataDir() },
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Invalid configuration:\n\s+PORT:/);
  });
});
