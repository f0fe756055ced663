// Install hygiene (issue 12, item 7): `npm ci` installs the committed lock on the Node the README
// requires with no engine warning, and a fresh clone stays clean after npm has looked at it. npm runs
// on the Node scripts/setup.sh chose (the machine's when it fits, else .node/), as `npm start` does.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const scratch = mkdtempSync(path.join(tmpdir(), "kalpana-install-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `command` in bash in `cwd` with the project's Node first on PATH (scripts/node.sh). */
function withProjectNode(command: string, cwd = root): { code: number | null; out: string } {
  const r = spawnSync(
    "bash",
    [
      "-c",
      `cd ${JSON.stringify(root)} && source scripts/node.sh && kalpana_use_node && cd "$0" && ${command}`,
      cwd,
    ],
    { encoding: "utf8", timeout: 60_000, env: { ...process.env, npm_config_update_notifier: "false" } },
  );
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const lockedNodeMajor = Number(/^>=(\d+)$/.exec(pkg.engines.node)?.[1]);

/** A copy of the manifests and the lock (all `npm ci` reads), optionally with package.json changed. */
function manifests(name: string, edit?: (p: Record<string, unknown>) => void): string {
  const dir = path.join(scratch, name);
  for (const f of ["package.json", "package-lock.json", "bridge/package.json", "web/package.json"]) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    copyFileSync(path.join(root, f), path.join(dir, f));
  }
  if (edit) {
    const p = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    edit(p);
    writeFileSync(path.join(dir, "package.json"), JSON.stringify(p, null, 2));
  }
  return dir;
}

const ciDryRun = "npm ci --dry-run --ignore-scripts --offline --no-audit --no-fund";

describe("install hygiene", () => {
  test("package.json requires Node 24 (what scripts/node.sh installs), the images pin Node 24 too", () => {
    assert.equal(lockedNodeMajor, 24, `engines.node: ${pkg.engines.node}`);
    const r = withProjectNode(
      'echo "$KALPANA_NODE_MAJOR $(kalpana_node_pin NODE_VERSION) $(node --version)"',
    );
    assert.equal(r.code, 0, r.out);
    const [major, pinned, running] = r.out.trim().split(" ");
    assert.equal(Number(major), lockedNodeMajor, "scripts/node.sh and engines agree");
    assert.match(pinned ?? "", /^24\.\d+\.\d+$/, "images/node/fetch-node.sh pins a Node 24");
    assert.ok(
      Number(running?.slice(1).split(".")[0]) >= lockedNodeMajor,
      `the project's Node is ${running}: run scripts/setup.sh (it installs Node ${pinned} into .node/)`,
    );
  });

  test("every image that installs Node takes it from images/node/fetch-node.sh (the pins node.sh reads)", () => {
    for (const file of ["images/base/Dockerfile", "images/web/Dockerfile"]) {
      const text = readFileSync(path.join(root, file), "utf8");
      assert.match(text, /fetch-node\.sh/, file);
      assert.doesNotMatch(text, /NODE_SHA512|NODE_VERSION=/, `${file} pins no Node of its own`);
    }
  });

  test("npm ci accepts the committed lock and warns about no engine (EBADENGINE)", () => {
    const r = withProjectNode(ciDryRun, manifests("in-sync"));
    assert.equal(r.code, 0, r.out);
    assert.doesNotMatch(r.out, /EBADENGINE|Unsupported engine/, r.out);
  });

  test("control: a package.json the lock does not cover is refused by the same check", () => {
    // A local package the lock lacks: npm needs no registry (and no cache) to see it is missing.
    const dir = manifests("out-of-sync", (p) => {
      (p.devDependencies as Record<string, string>).unlocked = "file:./unlocked";
    });
    mkdirSync(path.join(dir, "unlocked"));
    writeFileSync(path.join(dir, "unlocked/package.json"), '{"name":"unlocked","version":"1.0.0"}');
    const r = withProjectNode(ciDryRun, dir);
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /in sync/);
  });

  test("a fresh clone stays clean: npm rewrites nothing, and what setup writes is git-ignored", () => {
    const clone = path.join(scratch, "clone");
    const git = spawnSync("git", ["clone", "-q", root, clone], { encoding: "utf8" });
    assert.equal(git.status, 0, git.stderr);
    // What `npm install` on a newcomer's machine would write to the lock (npm's default settings,
    // whatever this machine's ~/.npmrc says about resolved URLs).
    const r = withProjectNode(
      "npm install --package-lock-only --ignore-scripts --offline --omit-lockfile-registry-resolved=false",
      clone,
    );
    assert.equal(r.code, 0, r.out);
    const status = spawnSync("git", ["status", "--porcelain"], { cwd: clone, encoding: "utf8" });
    assert.equal(status.stdout, "", `the clone is dirty after npm install:\n${status.stdout}`);
    const written = [
      ".node/bin/node",
      ".node-install.abc123/node.tgz",
      "node_modules/x",
      ".data/kalpana.db",
      "web/generated/prisma/client.ts",
      "web/.next/BUILD_ID",
      "web/next-env.d.ts",
      "test-results/server-1.log",
    ];
    const ignored = spawnSync("git", ["check-ignore", "--no-index", ...written], {
      cwd: clone,
      encoding: "utf8",
    });
    assert.deepEqual(
      ignored.stdout.trim().split("\n"),
      written,
      "every path setup or start writes is ignored",
    );
  });
});
