// Terminal git in a real workspace container: the person's `git clone` and `git push` (docker exec
// as the workspace user, as VS Code's terminal runs them) get the token from the control plane
// through the image's credential helper and the bridge, for the allowed git host only. A git
// server that accepts only that token proves it was used; afterwards the token is nowhere in the
// container's files, process environments or process list; a push to another host sends it no
// credentials; once the owner's sessions are gone, a push gets nothing. Every ask is audited.
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { type GitHttp, serveGitHttp } from "../../../scripts/testing/git-http.fixture";
import { bridgeGateway, dockerAvailable, dockerCli } from "../../testing/docker.fixture";
import { setupDomainEnv, type TestEnv, waitFor } from "../workspaces/test-env.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const TOKEN = `gho_terminal${randomBytes(12).toString("hex")}`;
const userId = "u-terminal-git";
let env: TestEnv;
let good: GitHttp;
let foreign: GitHttp;
let repos: string;
let stopCredentials: () => void = () => {};
const workspaces: string[] = [];
let m: {
  lifecycle: typeof import("../workspaces/lifecycle");
  store: typeof import("../workspaces/store");
  service: typeof import("./service");
  bridge: typeof import("../workspaces/bridge");
  audit: typeof import("../audit/audit");
  db: typeof import("../db/client");
};
const basic = `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`;

before(async () => {
  if (!enabled) return;
  repos = mkdtempSync(path.join(tmpdir(), "kalpana-terminal-git-"));
  execFileSync("git", ["init", "-q", "--bare", "-b", "main", path.join(repos, "o", "r.git")]);
  const seed = path.join(repos, "seed");
  execFileSync("git", ["init", "-q", "-b", "main", seed]);
  execFileSync("git", [
    "-C",
    seed,
    "-c",
    "user.name=t",
    "-c",
    "user.email=t@x",
    "commit",
    "-q",
    "--allow-empty",
    "-m",
    "seed",
  ]);
  execFileSync("git", ["-C", seed, "push", "-q", path.join(repos, "o", "r.git"), "main"]);
  // Both on 0.0.0.0 (the container reaches them through the bridge gateway); only one is allowed.
  good = await serveGitHttp({
    projectRoot: repos,
    host: "0.0.0.0",
    remoteUser: "x-access-token",
    authorize: (h) => h.authorization === basic,
  });
  foreign = await serveGitHttp({ projectRoot: repos, host: "0.0.0.0", authorize: () => false });
  env = setupDomainEnv({ KALPANA_ALLOWED_GIT_HOSTS: `${bridgeGateway()}:${good.port}` });
  m = {
    lifecycle: await import("../workspaces/lifecycle"),
    store: await import("../workspaces/store"),
    service: await import("./service"),
    bridge: await import("../workspaces/bridge"),
    audit: await import("../audit/audit"),
    db: await import("../db/client"),
  };
  const db = m.db.db();
  await db.user.create({ data: { id: userId, name: "Terminal", email: "terminal@example.com" } });
  await db.session.create({
    data: {
      id: "s-terminal",
      token: randomBytes(16).toString("hex"),
      userId,
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  // The GitHub token is the one injected part: here no GitHub sign-in, the rest is the real path.
  stopCredentials = m.service.startGitCredentials(
    { token: async (id) => (id === userId ? TOKEN : null) },
    1000,
  );
});

after(async () => {
  if (!enabled) return;
  stopCredentials();
  // The shared client reconnects forever otherwise, and this test process would never end.
  for (const id of workspaces) m.bridge.closeSharedBridge(id);
  env?.cleanup();
  await m.db.db().$disconnect();
  await Promise.all([good?.close(), foreign?.close()]);
  rmSync(repos, { recursive: true, force: true });
});

/**
 * A shell command as the workspace user, the way VS Code's terminal runs it (no prompt: fail
 * instead). Asynchronous: the answering web server is this process, and must keep running.
 */
async function terminal(id: string, script: string, input?: string): Promise<{ ok: boolean; out: string }> {
  const args = ["exec", "-i", "-e", "GIT_TERMINAL_PROMPT=0", `kalpana-ws-${id}`, "bash", "-c", script];
  try {
    const run = promisify(execFile)("docker", args, { encoding: "utf8", timeout: 60_000 });
    run.child.stdin?.end(input ?? "");
    const r = await run;
    return { ok: true, out: r.stdout.trim() };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { ok: false, out: `exit ${err.code}: ${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

/** The container's own log (the bridge's JSON lines), for a failure's message. */
const dockerLogs = (id: string) => {
  try {
    return execFileSync("docker", ["logs", "--tail", "40", `kalpana-ws-${id}`], {
      encoding: "utf8",
      stdio: "pipe",
    });
  } catch (e) {
    return `${(e as { stderr?: string }).stderr ?? e}`;
  }
};

const outcomes = async (id: string) => (await m.audit.listAudit(id)).map((e) => e.outcome).reverse();

test("terminal git: clone and push with the person's token, which stays nowhere in the container", {
  skip: !enabled,
  timeout: 300_000,
}, async () => {
  const view = await m.lifecycle.createWorkspace(userId, { name: "terminal-git", template: "node" });
  const id = view.id;
  workspaces.push(id);
  const w = await waitFor(
    () => m.store.getOwned(userId, id),
    (r) => r.status === "RUNNING" || r.status === "ERROR",
    180_000,
  );
  assert.equal(w.status, "RUNNING", w.statusMessage ?? "");
  const url = `http://${bridgeGateway()}:${good.port}/o/r.git`;
  // The web server's credential connection comes up with RUNNING; the first push may race it.
  const pushed = await waitFor(
    async () =>
      terminal(
        id,
        `set -e; cd /workspace; rm -rf r; git clone -q ${url} r; cd r
         git -c user.name=P -c user.email=p@example.com commit -q --allow-empty -m from-terminal
         git push -q origin HEAD:refs/heads/terminal 2>&1`,
      ),
    (r) => r.ok,
    30_000,
  ).catch((e: Error) => ({ ok: false, out: e.message }));
  assert.ok(pushed.ok, `${pushed.out}\n${dockerLogs(id)}`);
  const onServer = execFileSync(
    "git",
    ["-C", path.join(repos, "o", "r.git"), "log", "-1", "--format=%s", "terminal"],
    {
      encoding: "utf8",
    },
  );
  assert.equal(onServer.trim(), "from-terminal");
  assert.ok((await outcomes(id)).includes("granted"), "the grant is audited");

  // Afterwards: not in any file, any process's environment or command line, nor the process list.
  // The token comes in on stdin and reaches grep only through pipes: in an argument it would be
  // in the scanning processes' own command lines.
  const scan = await terminal(
    id,
    `read -r t; pat() { printf '%s\\n' "$t"; }
     pat | grep -rlF -f - /home /workspace /tmp /etc 2>/dev/null
     for f in /proc/[0-9]*/environ /proc/[0-9]*/cmdline; do pat | grep -lF -f - "$f" 2>/dev/null; done
     ps -eww -o args | grep -F -f <(pat)
     true`,
    `${TOKEN}\n`,
  );
  assert.equal(scan.out.trim(), "", `the token was found in the container:\n${scan.out}`);
  const inspect = dockerCli("inspect", `kalpana-ws-${id}`);
  assert.ok(!inspect.includes(TOKEN), "the token is in docker inspect");

  // Another host gets no credentials: the helper answers nothing and git fails authentication.
  const foreignUrl = `http://${bridgeGateway()}:${foreign.port}/o/r.git`;
  const elsewhere = await terminal(id, `cd /workspace/r && git push ${foreignUrl} HEAD:refs/heads/leak 2>&1`);
  assert.equal(elsewhere.ok, false);
  assert.ok(foreign.requests.length > 0, "the push never reached the foreign host");
  assert.deepEqual(foreign.seenAuth, [], "the foreign host was sent credentials");
  assert.ok((await outcomes(id)).includes("refused: not the configured GitHub host"));

  // Signed out (every session of the owner gone): the allowed host gets nothing either.
  await m.db.db().session.deleteMany({ where: { userId } });
  const authsBefore = good.seenAuth.length;
  const signedOut = await terminal(
    id,
    "cd /workspace/r && git push origin HEAD:refs/heads/after-sign-out 2>&1",
  );
  assert.equal(signedOut.ok, false, signedOut.out);
  assert.match(signedOut.out, /could not read Username|Authentication failed|terminal prompts disabled/);
  assert.deepEqual(good.seenAuth.slice(authsBefore), [], "a credential went out after sign-out");
  assert.equal((await outcomes(id)).at(-1), "refused: the owner is signed out");

  // Signed in again, after the web server lost its connection (as after a restart): the sweep
  // connects the running workspace again and terminal git works without any action in it.
  await m.db.db().session.create({
    data: {
      id: "s-again",
      token: randomBytes(16).toString("hex"),
      userId,
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  m.bridge.closeSharedBridge(id);
  const again = await waitFor(
    () => terminal(id, "cd /workspace/r && git push -q origin HEAD:refs/heads/after-sign-in 2>&1"),
    (r) => r.ok,
    20_000,
  ).catch((e: Error) => ({ ok: false, out: e.message }));
  assert.ok(again.ok, again.out);
});
