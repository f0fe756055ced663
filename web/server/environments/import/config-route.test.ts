// GET /api/github/repos/<owner>/<repo>/config through the real web server against the fake GitHub
// (its real contents API): found and converted, absent, per ref, too large, a symlink, broken
// JSONC, bad names, another person's repository, no GitHub account.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { type FakeGithub, startFakeGithub } from "../../../testing/fake-github.fixture";
import { localSignUp, startWebServer, type WebServer } from "../../../testing/web-server.fixture";
import { apiAs, githubSignIn } from "../../workspaces/api-test.fixture";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
let fake: FakeGithub;
let web: WebServer;
const cookies = { alice: "", bob: "" };

before(async () => {
  fake = await startFakeGithub();
  fake.addUser({ id: 1, login: "alice", name: "Alice", email: "alice@example.com" }, [
    {
      name: "app",
      private: false,
      branches: ["main", "idx"],
      files: {
        "": {
          ".devcontainer/devcontainer.json": fixture("typescript-node.devcontainer.json"),
          "flake.nix": fixture("devshell.flake.nix"),
        },
        idx: { ".idx/dev.nix": fixture("idx-nextjs.dev.nix") },
      },
    },
    {
      name: "hostile",
      private: true,
      branches: ["main"],
      files: {
        "": {
          "flake.nix": { symlink: "/etc/passwd" },
          ".idx/dev.nix": `{ pkgs, ... }: { packages = [ ${"pkgs.x ".repeat(20_000)} ]; }`,
          ".devcontainer/devcontainer.json": '{ "image": ',
        },
      },
    },
    { name: "empty", private: false, branches: ["main"], files: { "": { "README.md": "hi" } } },
  ]);
  const dataDir = mkdtempSync(path.join(tmpdir(), "kalpana-config-route-"));
  web = await startWebServer({
    KALPANA_DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "kalpana.db")}`,
    GITHUB_CLIENT_ID: fake.clientId,
    GITHUB_CLIENT_SECRET: fake.clientSecret,
    KALPANA_TEST_FAKE_GITHUB: fake.url,
    KALPANA_LOCAL_SIGNIN: "1",
  });
  cookies.alice = await githubSignIn(web.url, fake, "alice");
  cookies.bob = await localSignUp(web.url, "bob@example.com");
});
after(async () => {
  await web?.stop();
  await fake?.close();
});

const alice = () => apiAs(web.url, cookies.alice);

test("finds the flake and the devcontainer.json on the default branch and converts them", async () => {
  const { status, json } = await alice()("GET", "/api/github/repos/alice/app/config");
  assert.equal(status, 200);
  assert.deepEqual(json.found, { flake: true, "dev.nix": false, devcontainer: true });
  assert.deepEqual(
    json.configs.map((c: { source: string }) => c.source),
    ["flake", "devcontainer"],
  );
  const dc = json.configs[1];
  assert.deepEqual(dc.setup.ports, [3000, 5173]);
  assert.deepEqual(dc.setup.onCreate, [{ name: "postCreateCommand", command: "npm install" }]);
  assert.ok(dc.warnings.some((w: string) => /image .* is not used/.test(w)));
  assert.deepEqual(json.problems, []);
});

test("reads the ref asked for", async () => {
  const { status, json } = await alice()("GET", "/api/github/repos/alice/app/config?ref=idx");
  assert.equal(status, 200);
  assert.deepEqual(json.found, { flake: false, "dev.nix": true, devcontainer: false });
  assert.deepEqual(json.configs[0].packages, ["nodejs_20", "nodePackages.pnpm"]);
});

test("a repository without configs has none; hostile files are problems, not crashes", async () => {
  const empty = await alice()("GET", "/api/github/repos/alice/empty/config");
  assert.equal(empty.status, 200);
  assert.deepEqual(empty.json, {
    found: { flake: false, "dev.nix": false, devcontainer: false },
    configs: [],
    problems: [],
  });

  const bad = await alice()("GET", "/api/github/repos/alice/hostile/config");
  assert.equal(bad.status, 200);
  assert.deepEqual(bad.json.configs, []);
  const problems = Object.fromEntries(
    bad.json.problems.map((p: { path: string; problem: string }) => [p.path, p.problem]),
  );
  assert.match(problems["flake.nix"], /a symlink, not a file: not followed/);
  assert.match(problems[".idx/dev.nix"], /larger than 64 KiB: not read/);
  assert.match(problems[".devcontainer/devcontainer.json"], /could not be read at offset/);
});

test("bad names and refs are 400; no GitHub account is 403; a missing repository finds nothing", async () => {
  assert.equal((await alice()("GET", "/api/github/repos/bad%20owner/app/config")).status, 400);
  const ref = await alice()("GET", "/api/github/repos/alice/app/config?ref=..%2Fx");
  assert.equal(ref.status, 400);
  assert.equal((await apiAs(web.url, cookies.bob)("GET", "/api/github/repos/alice/app/config")).status, 403);
  assert.equal((await apiAs(web.url, null)("GET", "/api/github/repos/alice/app/config")).status, 401);
  const other = await alice()("GET", "/api/github/repos/mallory/app/config");
  assert.equal(other.status, 200);
  assert.deepEqual(other.json.configs, []);
});
