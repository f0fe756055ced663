// The data folder as the server leaves it: 0700, and every file in it 0600 — the generated
// secrets, the SQLite database and its -wal/-shm files — even with a permissive umask, on a fresh
// install and on an old one whose files were world-readable.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { deploy } from "../../../scripts/migrate/deploy";
import { parseConfig } from "../config";
import { createDb } from "./client";

const roots: string[] = [];
let umask = 0;
before(() => {
  umask = process.umask(0o022); // what most systems default to: files 0644, folders 0755
});
after(() => {
  process.umask(umask);
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

/** What the server does at start-up: config (secrets), migrate, open the database and write. */
async function serverSetup(dataDir: string): Promise<Record<string, string>> {
  process.env.KALPANA_DATA_DIR = dataDir;
  parseConfig({ KALPANA_DATA_DIR: dataDir });
  const url = `file:${path.join(dataDir, "kalpana.db")}`;
  await deploy(url, { engine: "wasm" });
  const db = createDb(url);
  try {
    await db.user.create({ data: { id: "u1", name: "a", email: `a-${Date.now()}@example.com` } });
    // While the connection is open, -wal and -shm exist: look now.
    return Object.fromEntries(readdirSync(dataDir).map((n) => [n, mode(path.join(dataDir, n))]));
  } finally {
    await db.$disconnect();
  }
}

test("a fresh data folder is 0700 and every file in it 0600, -wal and -shm included", async () => {
  const root = mkdtempSync(path.join(tmpdir(), "kalpana-perm-"));
  roots.push(root);
  const dataDir = path.join(root, "data"); // missing: the server creates it
  const files = await serverSetup(dataDir);
  assert.equal(mode(dataDir), "700");
  for (const name of ["auth-secret", "encryption-key", "kalpana.db", "kalpana.db-wal", "kalpana.db-shm"]) {
    assert.ok(name in files, `${name} in ${Object.keys(files).join(", ")}`);
  }
  for (const [name, m] of Object.entries(files)) assert.equal(m, "600", name);
});

test("an old install's world-readable data folder and files are tightened", async () => {
  const root = mkdtempSync(path.join(tmpdir(), "kalpana-perm-"));
  roots.push(root);
  const dataDir = path.join(root, "data");
  mkdirSync(dataDir);
  chmodSync(dataDir, 0o755);
  for (const [name, content] of [
    ["auth-secret", `${"a".repeat(64)}\n`],
    ["kalpana.db", ""],
    ["kalpana.db-wal", ""],
  ] as const) {
    writeFileSync(path.join(dataDir, name), content);
    chmodSync(path.join(dataDir, name), 0o644);
  }
  const files = await serverSetup(dataDir);
  assert.equal(mode(dataDir), "700");
  for (const [name, m] of Object.entries(files)) assert.equal(m, "600", name);
});
