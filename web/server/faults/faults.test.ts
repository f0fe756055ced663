// The fault suite: the real server process (restarted, killed, shut down), real Docker (restarted),
// real workspaces. One database across server processes, as in production. In every case: the file
// in /workspace survives, no status stays STARTING/STOPPING, the status message says why, and the
// server keeps answering GET /api/healthz.
//   1. out of memory inside a running workspace → RUNNING with "ran out of memory"
//   2. a full workspace disk → "disk is full" in its status, cleared once space is freed
//   3. SIGTERM with a slow agent answer in flight and a workspace STARTING → the answer completes,
//      the start is settled (STOPPED, "shut down during the start"), the process exits
//   4. SIGKILL during provisioning → the next server process resumes the start → RUNNING
//   5. dockerd restarted while the workspace runs → STOPPED with the engine named as the reason (it does
//      not restart on its own: the person decides, and an engine that keeps failing must not loop
//      starts), the server answers throughout, a start brings the files back
// Both starts are slow on purpose: they clone through a proxy that trickles the pack (otherwise, on a
// quiet machine, the start ended before the signal).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { bridgeGateway, cleanupDocker, dockerAvailable, testRun } from "../../testing/docker.fixture";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import { type GitServer, startGitServer } from "../../testing/git-server.fixture";
import { localSignUp, startWebServer, type WebServer } from "../../testing/web-server.fixture";
import { readChatResponse } from "../agent/sse.fixture";
import { waitFor, workspaceTestEnv } from "../workspaces/test-env.fixture";
import { startThrottleProxy, type ThrottleProxy } from "../workspaces/throttle-proxy.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const root = process.getuid?.() === 0;
const skip = !enabled ? "Docker is not available" : !root && !process.env.CI ? "needs root (dockerd)" : false;

const run = testRun();
const dataDir = mkdtempSync(path.join(tmpdir(), "kalpana-faults-"));
let fake: FakeOpenRouter;
let web: WebServer;
let cookie = "";
const ids = { a: "", b: "" };
let git: GitServer;
let slow: ThrottleProxy; // ~2.7 MB of incompressible text at 64 KB/s: a clone of 40 s
const BLOB_BYTES = 2_000_000;
const BLOB_CHARS = Math.ceil(BLOB_BYTES / 3) * 4; // its base64 text
let earlierLogs = "";
const stopWeb = async () => {
  earlierLogs += web.logs();
  await web.stop();
};

const serverEnv = () => ({
  ...workspaceTestEnv(run.labels),
  KALPANA_DATA_DIR: dataDir,
  DATABASE_URL: `file:${path.join(dataDir, "kalpana.db")}`,
  OPENROUTER_API_KEY: "server-key",
  OPENROUTER_BASE_URL: fake.baseURL,
  KALPANA_MODELS: "openai/gpt-5",
  KALPANA_WORKSPACE_MEMORY_MB: "512",
  KALPANA_WORKSPACE_DISK_GIB: "0.25",
  KALPANA_RECONCILE_SEC: "2",
  KALPANA_SHUTDOWN_GRACE_SEC: "10",
  KALPANA_ALLOWED_GIT_HOSTS: `${bridgeGateway()}:${slow.port}`,
});

const call = (method: string, p: string, body?: unknown) =>
  fetch(`${web.url}${p}`, {
    method,
    headers: { cookie, "content-type": "application/json", origin: web.url },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const json = async (method: string, p: string, body?: unknown) => {
  const r = await call(method, p, body);
  return { status: r.status, json: await r.json() };
};
type View = { status: string; phase: string | null; statusMessage: string | null };
const view = async (id: string): Promise<View> => (await json("GET", `/api/workspaces/${id}`)).json.workspace;
const until = (id: string, ok: (w: View) => boolean, ms = 150_000) => waitFor(() => view(id), ok, ms);
const inWorkspace = (id: string, script: string) =>
  execFileSync("docker", ["exec", `kalpana-ws-${id}`, "bash", "-c", script], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
const healthy = async () => (await fetch(`${web.url}/api/healthz`).catch(() => null))?.status;
const exited = async (pid: number, ms: number) => {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
};
/** Until the start of `id` is cloning and part of the pack has arrived (the clone is really underway). */
const midClone = async (id: string) => {
  await until(id, (v) => v.phase === "clone" || v.status !== "STARTING", 120_000);
  const sentBefore = slow.bytesSent();
  await waitFor(
    async () => slow.bytesSent() - sentBefore,
    (n) => n > 200_000,
    60_000,
  );
  assert.equal((await view(id)).status, "STARTING", "still starting when the signal comes");
};

before(async () => {
  if (skip) return;
  fake = await startFakeOpenRouter();
  git = await startGitServer({ gateway: bridgeGateway(), acceptToken: () => true });
  git.addRepo({
    owner: "acme",
    name: "big",
    branches: {
      main: { "README.md": "# big\n", "data/blob.txt": randomBytes(2_000_000).toString("base64") },
    },
  });
  slow = await startThrottleProxy(git.port, 64 * 1024);
  web = await startWebServer(serverEnv());
  cookie = await localSignUp(web.url, "faults@example.com", "Faults");
  ids.a = (await json("POST", "/api/workspaces", { name: "fault-a", template: "node" })).json.workspace.id;
  const a = await until(ids.a, (w) => ["RUNNING", "ERROR"].includes(w.status));
  assert.equal(a.status, "RUNNING", a.statusMessage ?? "");
  inWorkspace(ids.a, "echo precious > /workspace/precious.txt");
});

after(async () => {
  if (skip) return;
  // The server's log of a failed run, kept outside test-results/ (other suites clear that folder).
  if (web) writeFileSync(path.join(tmpdir(), `kalpana-faults-${run.id}.log`), earlierLogs + web.logs());
  await web?.stop();
  await fake?.close();
  await slow?.close();
  await git?.close();
  cleanupDocker(run.id);
  rmSync(dataDir, { recursive: true, force: true });
});

test("out of memory inside a running workspace is named in its status; it keeps running", {
  skip,
}, async () => {
  const out = execFileSync(
    "bash",
    ["-c", `docker exec kalpana-ws-${ids.a} node -e 'a=[];for(;;)a.push(Buffer.alloc(1e6,1))'; echo rc=$?`],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  assert.match(out, /rc=137/); // SIGKILL by the kernel's OOM killer
  const w = await until(ids.a, (v) => /out of memory/.test(v.statusMessage ?? ""), 20_000);
  assert.equal(w.status, "RUNNING");
  assert.match(w.statusMessage!, /limit 512 MiB/);
  assert.equal(inWorkspace(ids.a, "cat /workspace/precious.txt").trim(), "precious");
});

test("a full workspace disk shows in its status and clears once space is freed", { skip }, async () => {
  const out = inWorkspace(ids.a, "{ head -c 400M /dev/zero > /workspace/fill; } 2>&1; true");
  assert.match(out, /No space left on device/);
  await until(ids.a, (v) => /disk is full/.test(v.statusMessage ?? ""), 20_000);
  assert.equal(await healthy(), 200);
  inWorkspace(ids.a, "rm /workspace/fill");
  const w = await until(ids.a, (v) => !/disk is full/.test(v.statusMessage ?? ""), 20_000);
  assert.equal(w.status, "RUNNING");
  assert.equal(inWorkspace(ids.a, "cat /workspace/precious.txt").trim(), "precious");
});

test("SIGTERM: the slow answer in flight completes, the start in flight is settled, the process exits", {
  skip,
}, async () => {
  const thread = (await json("POST", `/api/workspaces/${ids.a}/threads`, {})).json.thread.id;
  const created = await json("POST", "/api/workspaces", {
    name: "fault-b",
    template: "node",
    repoUrl: `http://${bridgeGateway()}:${slow.port}/acme/big.git`,
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  ids.b = created.json.workspace.id;
  await midClone(ids.b);
  fake.script({ text: "slow answer done", delayMs: 3000 });
  const asked = fake.requests.length;
  const answer = call("POST", `/api/workspaces/${ids.a}/chat`, {
    threadId: thread,
    model: "openai/gpt-5",
    approvalMode: "auto",
    message: { id: "m-slow", role: "user", parts: [{ type: "text", text: "take your time" }] },
  }).then(readChatResponse);
  await waitFor(
    async () => fake.requests.length,
    (n) => n > asked,
    10_000,
  ); // the model request is in flight
  const pid = web.pid()!;
  process.kill(pid, "SIGTERM");
  const { message } = await answer;
  const text = message?.parts.map((p) => (p.type === "text" ? p.text : "")).join("");
  assert.equal(text, "slow answer done");
  assert.ok(await exited(pid, 30_000), "the server exited");
  const logs = web.logs();
  assert.match(logs, /Shutting down/);
  await stopWeb();

  web = await startWebServer(serverEnv());
  const b = await view(ids.b);
  assert.equal(b.status, "STOPPED", `${b.status}: ${b.statusMessage}\n${logs.slice(-3000)}`);
  assert.match(b.statusMessage ?? "", /shut down during the start/);
  assert.equal((await view(ids.a)).status, "RUNNING"); // running workspaces are left running
  assert.equal(inWorkspace(ids.a, "cat /workspace/precious.txt").trim(), "precious");
});

test("SIGKILL during provisioning: the next server process finishes the start", { skip }, async () => {
  const started = await json("POST", `/api/workspaces/${ids.b}/start`);
  assert.equal(started.status < 300, true, JSON.stringify(started.json));
  await midClone(ids.b);
  process.kill(web.pid()!, "SIGKILL");
  await stopWeb();
  slow.fast(); // the resumed start clones at full speed
  web = await startWebServer(serverEnv());
  const b = await until(ids.b, (v) => !["STARTING", "STOPPING"].includes(v.status));
  assert.equal(b.status, "RUNNING", b.statusMessage ?? "");
  // The interrupted clone was wiped and made again, whole.
  assert.equal(inWorkspace(ids.b, "cat /workspace/README.md").trim(), "# big");
  assert.equal(inWorkspace(ids.b, "wc -c < /workspace/data/blob.txt").trim(), String(BLOB_CHARS));
  assert.equal(await healthy(), 200);
});

// Last: an engine restart re-creates the workspace network, under the proxies the starts above use.
test("dockerd restarts while a workspace runs: STOPPED saying why, the server keeps answering, a start brings it back with its files", {
  skip,
}, async () => {
  const { restartDockerd } = await import("./dockerd.fixture");
  let done = false;
  const answers: (number | undefined)[] = [];
  const restart = restartDockerd().finally(() => {
    done = true;
  });
  while (!done) {
    answers.push(await healthy());
    await new Promise((r) => setTimeout(r, 250));
  }
  await restart;
  assert.ok(
    answers.length > 0 && answers.every((a) => a !== undefined),
    `the server kept answering: ${answers}`,
  );
  const w = await until(ids.a, (v) => v.status === "STOPPED" || v.status === "ERROR", 60_000);
  assert.equal(w.status, "STOPPED");
  assert.match(w.statusMessage ?? "", /Docker engine/, "the status says the engine stopped it");
  assert.ok((await call("POST", `/api/workspaces/${ids.a}/start`)).status < 300);
  const back = await until(ids.a, (v) => ["RUNNING", "ERROR"].includes(v.status));
  assert.equal(back.status, "RUNNING", back.statusMessage ?? "");
  assert.equal(inWorkspace(ids.a, "cat /workspace/precious.txt").trim(), "precious");
  assert.equal(await healthy(), 200);
});
