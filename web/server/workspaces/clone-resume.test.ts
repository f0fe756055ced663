// A clone records completion only after clone + checkout returned. Interrupted for real — the
// workspace stopped mid-clone, or the web server "restarting" (its start pipeline dropped while the
// container runs on, then the reconciler at start-up) — the next start removes the partial checkout
// and clones again: the workspace ends RUNNING with the complete repository, not a half .git.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { bridgeGateway, dockerAvailable, dockerCli } from "../../testing/docker.fixture";
import { type GitServer, startGitServer } from "../../testing/git-server.fixture";
import { setupDomainEnv, sleep, type TestEnv, waitFor } from "./test-env.fixture";
import { startThrottleProxy, type ThrottleProxy } from "./throttle-proxy.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
let env: TestEnv;
let git: GitServer;
let proxies: ThrottleProxy[] = [];
let m: {
  lifecycle: typeof import("./lifecycle");
  store: typeof import("./store");
  active: typeof import("./active");
  reconcile: typeof import("./reconcile");
  phaseLog: typeof import("./state");
  db: typeof import("../db/client");
};
const userId = "u-clone";
// ~2.7 MB of incompressible text: through a 96 KB/s proxy the clone takes half a minute.
const big = randomBytes(2_000_000).toString("base64");

before(async () => {
  if (!enabled) return;
  git = await startGitServer({ gateway: bridgeGateway(), acceptToken: () => true });
  git.addRepo({
    owner: "acme",
    name: "big",
    branches: { main: { "README.md": "# big\n", "data/blob.txt": big, "src/index.js": "console.log(1)\n" } },
  });
  // One throttled route to the git server per test; both hosts may be cloned from.
  proxies = [await startThrottleProxy(git.port, 96 * 1024), await startThrottleProxy(git.port, 96 * 1024)];
  env = setupDomainEnv({
    KALPANA_ALLOWED_GIT_HOSTS: proxies.map((p) => `${bridgeGateway()}:${p.port}`).join(","),
  });
  m = {
    lifecycle: await import("./lifecycle"),
    store: await import("./store"),
    active: await import("./active"),
    reconcile: await import("./reconcile"),
    phaseLog: await import("./state"),
    db: await import("../db/client"),
  };
  await m.db.db().user.create({ data: { id: userId, name: "Clone", email: "clone@example.com" } });
});

after(async () => {
  if (!enabled) return;
  env?.cleanup();
  for (const p of proxies) await p.close();
  await git?.close();
});

const inContainer = (id: string, ...cmd: string[]) => dockerCli("exec", `kalpana-ws-${id}`, ...cmd);
const row = (id: string) => m.store.getOwned(userId, id);

async function createThroughProxy(name: string, proxy: ThrottleProxy): Promise<string> {
  const host = `${bridgeGateway()}:${proxy.port}`;
  const view = await m.lifecycle.createWorkspace(userId, {
    name,
    template: "node",
    repoUrl: `http://${host}/acme/big.git`,
  });
  // Mid-clone: the clone phase runs, a partial .git exists and part of the pack has arrived.
  await waitFor(
    () => row(view.id),
    (w) => w.phase === "clone" || w.status !== "STARTING",
    120_000,
  );
  await waitFor(
    async () => proxy.bytesSent() > 300_000,
    (ok) => ok,
    60_000,
  );
  inContainer(view.id, "test", "-d", "/workspace/.git"); // throws if missing
  assert.equal((await row(view.id)).repoClonedAt, null);
  return view.id;
}

async function assertCompleteClone(id: string): Promise<void> {
  const w = await waitFor(
    () => row(id),
    (w) => w.status === "RUNNING" || w.status === "ERROR",
    180_000,
  );
  assert.equal(w.status, "RUNNING", w.statusMessage ?? "");
  assert.equal(
    inContainer(id, "sha256sum", "/workspace/data/blob.txt").split(" ")[0],
    createHash("sha256").update(big).digest("hex"),
  );
  assert.equal(inContainer(id, "git", "-C", "/workspace", "status", "--porcelain"), "");
  assert.equal(inContainer(id, "git", "-C", "/workspace", "log", "--format=%s"), "main commit");
  assert.ok((await row(id)).repoClonedAt, "completion recorded");
  const clone = m.phaseLog.startReport(id).find((p) => p.phase === "clone");
  assert.ok(
    clone?.lines.some((l) => /An earlier clone did not finish/.test(l)),
    `clone log: ${clone?.lines.join(" | ")}`,
  );
}

test("stopped mid-clone: the next start removes the partial checkout and clones again", {
  skip: !enabled,
  timeout: 400_000,
}, async () => {
  const proxy = proxies[0]!;
  const id = await createThroughProxy("stop mid clone", proxy);
  await m.lifecycle.stopWorkspaceById(id);
  assert.equal((await row(id)).status, "STOPPED");
  assert.equal((await row(id)).repoClonedAt, null, "an interrupted clone is not complete");
  proxy.fast();
  await m.lifecycle.startWorkspace(userId, id);
  await assertCompleteClone(id);
});

test("web restart mid-clone: the reconciler's re-run cleans up and clones again", {
  skip: !enabled,
  timeout: 400_000,
}, async () => {
  const proxy = proxies[1]!;
  const id = await createThroughProxy("restart mid clone", proxy);
  // What a web restart does to a start in flight: the pipeline and its bridge connection are gone
  // (the bridge kills the clone of a client that went away), the row stays STARTING, the
  // container keeps running.
  await m.active.cancelStart(id);
  await sleep(1000);
  assert.equal((await row(id)).status, "STARTING");
  proxy.fast();
  await m.reconcile.reconcileOnce();
  await assertCompleteClone(id);
});
