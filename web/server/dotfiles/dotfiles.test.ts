// Dotfiles through the real web server, a real local git server and real workspace containers: a
// dotfiles repository set in Settings is cloned into ~/dotfiles at the first start and its
// install.sh runs as the workspace user (it writes into $HOME), its output in the start log; a
// second start does not run it again; a failing script leaves the workspace RUNNING with the clone
// phase marked as a warning and the script's output shown; hostile URLs are a 400 naming the field.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are bash scripts, their ${…} is bash's
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  bridgeGateway,
  cleanupDocker,
  dockerAvailable,
  dockerCli,
  testRun,
} from "../../testing/docker.fixture";
import { type GitServer, startGitServer } from "../../testing/git-server.fixture";
import { localSignUp, startWebServer, type WebServer } from "../../testing/web-server.fixture";
import { type Api, apiAs, createRunning, waitRunning } from "../workspaces/api-test.fixture";
import { waitFor, workspaceTestEnv } from "../workspaces/test-env.fixture";
import { DOTFILES_FAILED } from "./install";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const run = testRun();
const dataDir = mkdtempSync(path.join(tmpdir(), "kalpana-dotfiles-"));
let web: WebServer;
let git: GitServer;
let alice: Api;
let bob: Api;

const INSTALL = `#!/usr/bin/env bash
set -e
echo "hello from install.sh as $(id -u) in $PWD"
echo "run" >> "$HOME/install-count"
ln -sf "$HOME/dotfiles/.bashrc-extra" "$HOME/.bashrc-extra"
echo "stderr line" >&2
`;

before(async () => {
  if (!enabled) return;
  git = await startGitServer({ gateway: bridgeGateway(), acceptToken: () => false });
  git.addRepo({
    owner: "alice",
    name: "dotfiles",
    branches: { main: { "install.sh": INSTALL, ".bashrc-extra": "export FROM_DOTFILES=1\n" } },
  });
  git.addRepo({
    owner: "bob",
    name: "dotfiles",
    branches: { main: { "bootstrap.sh": 'echo "about to fail"\nexit 3\n' } },
  });
  web = await startWebServer({
    ...workspaceTestEnv(run.labels, { KALPANA_ALLOWED_GIT_HOSTS: `${bridgeGateway()}:${git.port}` }),
    KALPANA_DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "kalpana.db")}`,
  });
  alice = apiAs(web.url, await localSignUp(web.url, "alice@example.com"));
  bob = apiAs(web.url, await localSignUp(web.url, "bob@example.com"));
});

after(async () => {
  if (!enabled) return;
  await web?.stop();
  await git?.close();
  cleanupDocker(run.id);
  rmSync(dataDir, { recursive: true, force: true });
});

const inHome = (id: string, script: string) =>
  dockerCli("exec", "-u", "1000", `kalpana-ws-${id}`, "bash", "-c", `cd "$HOME" && ${script}`);

const startedWorkspace = (api: Api, name: string) => createRunning(api, { name, template: "node" });

async function clonePhase(api: Api, id: string): Promise<{ status: string; lines: string[] }> {
  const r = await api("GET", `/api/workspaces/${id}/logs`);
  assert.equal(r.status, 200);
  return r.json.phases.find((p: { phase: string }) => p.phase === "clone");
}

test("dotfiles are cloned into ~/dotfiles and install.sh runs once, at the first start", {
  skip: !enabled,
  timeout: 400_000,
}, async () => {
  const url = git.urlFor("alice", "dotfiles");
  const saved = await alice("PUT", "/api/settings/dotfiles", { url });
  assert.equal(saved.status, 200, JSON.stringify(saved.json));
  assert.equal((await alice("GET", "/api/settings/dotfiles")).json.url, new URL(url).toString());

  const { id, message } = await startedWorkspace(alice, "dots");
  assert.equal(message, null);
  assert.equal(inHome(id, "cat dotfiles/install.sh"), INSTALL.trimEnd());
  assert.equal(inHome(id, "git -C dotfiles log --format=%s"), "main commit");
  assert.equal(inHome(id, "cat install-count"), "run");
  assert.equal(inHome(id, "readlink .bashrc-extra"), "/home/coder/dotfiles/.bashrc-extra");
  assert.equal(inHome(id, "stat -c %u dotfiles/install.sh install-count"), "1000\n1000");
  // Nothing left in the repository's folder.
  assert.equal(inHome(id, "test -e /workspace/.kalpana/dotfiles-clone && echo left || echo gone"), "gone");
  let clone = await clonePhase(alice, id);
  assert.equal(clone.status, "done", clone.lines.join(" | "));
  assert.ok(
    clone.lines.includes("hello from install.sh as 1000 in /home/coder/dotfiles"),
    clone.lines.join(" | "),
  );
  assert.ok(clone.lines.includes("stderr line"));
  assert.ok(clone.lines.some((l) => /install\.sh finished in/.test(l)));

  // A second start: the home volume remembers, the script does not run again.
  assert.equal((await alice("POST", `/api/workspaces/${id}/stop`)).status, 202);
  await waitFor(
    () => alice("GET", `/api/workspaces/${id}`),
    (r) => r.json.workspace?.status === "STOPPED",
    60_000,
  );
  assert.equal((await alice("POST", `/api/workspaces/${id}/start`)).status, 202);
  await waitRunning(alice, id);
  assert.equal(inHome(id, "cat install-count"), "run");
  clone = await clonePhase(alice, id);
  assert.ok(!clone.lines.some((l) => /dotfiles/.test(l)), clone.lines.join(" | "));
});

test("a failing install script: RUNNING, the clone phase a warning, the output shown", {
  skip: !enabled,
  timeout: 300_000,
}, async () => {
  assert.equal(
    (await bob("PUT", "/api/settings/dotfiles", { url: git.urlFor("bob", "dotfiles") })).status,
    200,
  );
  const { id, message } = await startedWorkspace(bob, "bad dots");
  assert.equal(message, DOTFILES_FAILED);
  const clone = await clonePhase(bob, id);
  assert.equal(clone.status, "warning");
  assert.ok(clone.lines.includes("about to fail"), clone.lines.join(" | "));
  assert.ok(clone.lines.includes("dotfiles: bootstrap.sh failed (exit 3)."), clone.lines.join(" | "));
  assert.equal(inHome(id, "cat dotfiles/bootstrap.sh | head -1"), 'echo "about to fail"');
});

test("hostile dotfiles URLs are refused with a field error; clearing works", { skip: !enabled }, async () => {
  const allowed = `${bridgeGateway()}:${git.port}`;
  for (const url of [
    "file:///etc/passwd",
    "ssh://git@github.com/a/b",
    "http://evil.example.com/alice/dotfiles.git",
    `http://x-access-token:stolen@${allowed}/alice/dotfiles.git`,
    `http://${allowed}/alice/dotfiles.git?upload-pack=touch`,
    "not a url",
  ]) {
    const r = await alice("PUT", "/api/settings/dotfiles", { url });
    assert.equal(r.status, 400, `${url}: ${JSON.stringify(r.json)}`);
    assert.equal(r.json.error.details?.[0]?.path?.[0], "url", `${url}: ${JSON.stringify(r.json)}`);
  }
  // None of them was stored.
  assert.equal(
    (await alice("GET", "/api/settings/dotfiles")).json.url,
    new URL(git.urlFor("alice", "dotfiles")).toString(),
  );
  assert.equal((await alice("PUT", "/api/settings/dotfiles", { url: null })).json.url, null);
  assert.equal((await alice("GET", "/api/settings/dotfiles")).json.url, null);
  assert.equal((await apiAs(web.url, null)("GET", "/api/settings/dotfiles")).status, 401);
});
