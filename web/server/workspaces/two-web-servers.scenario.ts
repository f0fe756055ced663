// Two real web server processes behind one address (a per-request balancer), on one PostgreSQL and
// a real runtime (this host's Docker engine, or a Swarm: `engine`): a workspace started through one
// is watched live, opened, used by the agent and stopped through the other; a start sent to both at
// the same moment starts it once (one container, one start in the audit trail); a grant redeemed
// through one is spent for the other. Run by two-web-servers.test.ts and the Swarm suite.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import pg from "pg";
import { io as ioClient, type Socket } from "socket.io-client";
import {
  createTempDatabase,
  postgresSkipReason,
  type TempDatabase,
} from "../../../scripts/testing/postgres.fixture";
import { type Balancer, startBalancer } from "../../testing/balancer.fixture";
import { cleanupDocker, testRun } from "../../testing/docker.fixture";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import { localSignUp, startWebServer, type WebServer } from "../../testing/web-server.fixture";
import { readChatResponse } from "../agent/sse.fixture";
import { apiAs, openWorkspaceOrigin } from "./api-test.fixture";
import { waitFor, workspaceTestEnv } from "./test-env.fixture";

/** What the scenario needs to see of the runtime, besides the API. */
export type Engine = {
  /** Environment for both web servers (the runtime's own settings). */
  env: () => Record<string, string>;
  /** The workspace's containers that run now. */
  runningContainers: (id: string) => Promise<number>;
  /** A file inside the running workspace. */
  readFile: (id: string, path: string) => Promise<string>;
};

export function twoWebServerSuite(enabledFor: boolean, engine: Engine): void {
  const enabled = enabledFor && postgresSkipReason() === null;
  const run = testRun();
  const dataDir = mkdtempSync(path.join(tmpdir(), "kalpana-two-web-"));
  const A = 0;
  const B = 1;
  let database: TempDatabase;
  let lb: Balancer;
  let openrouter: FakeOpenRouter;
  let servers: WebServer[] = [];
  let appUrl = "";
  let cookie = "";

  const api = (method: string, p: string, body?: unknown) => apiAs(appUrl, cookie)(method, p, body);
  /** Through web server `i` only. */
  async function via<T>(i: number, fn: () => Promise<T>): Promise<T> {
    lb.pin(i);
    try {
      return await fn();
    } finally {
      lb.pin(null);
    }
  }
  /** Web server `i` logged `msg` about workspace `id` (its JSON log lines). */
  const logged = (i: number, id: string, msg: string) =>
    servers[i]!.logs()
      .split("\n")
      .some((l) => l.includes(`"workspaceId":"${id}"`) && l.includes(`"msg":"${msg}"`));
  const statusOf = async (id: string) =>
    (await api("GET", `/api/workspaces/${id}`)).json.workspace?.status as string;
  async function sql<T>(text: string, values: unknown[]): Promise<T[]> {
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    try {
      return (await c.query(text, values)).rows as T[];
    } finally {
      await c.end();
    }
  }

  before(async () => {
    if (!enabled) return;
    database = await createTempDatabase("kalpana_two_web");
    openrouter = await startFakeOpenRouter();
    lb = await startBalancer();
    appUrl = `http://kalpana.localhost:${lb.port}`;
    const env = {
      ...workspaceTestEnv(run.labels),
      ...engine.env(),
      KALPANA_DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      KALPANA_PUBLIC_URL: appUrl,
      KALPANA_LOCAL_SIGNIN: "1",
      OPENROUTER_API_KEY: "server-key",
      OPENROUTER_BASE_URL: openrouter.baseURL,
      KALPANA_MODELS: "openai/gpt-5",
      // What must be the same on every web server: the keys, the database, the public address.
      KALPANA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
    };
    // One after the other: each runs the migrations first (the second finds nothing to do).
    servers.push(await startWebServer(env));
    servers.push(await startWebServer(env));
    lb.setBackends(servers.map((s) => Number(new URL(s.url).port)));
    cookie = await localSignUp(appUrl, "two@example.com");
  });

  after(async () => {
    if (!enabled) return;
    for (const s of servers) await s.stop();
    servers = [];
    await lb?.close();
    await openrouter?.close();
    cleanupDocker(run.id);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("started through one web server; watched, opened, used by the agent and stopped through the other", {
    skip: !enabled,
  }, async () => {
    // A browser tab connected to B (socket.io through the balancer, pinned while it upgrades).
    const tab: Socket = await via(B, async () => {
      const s = ioClient(appUrl, {
        path: "/socket.io/",
        extraHeaders: { cookie },
        transports: ["websocket"],
      });
      await new Promise<void>((resolve, reject) => {
        s.once("connect", resolve);
        s.once("connect_error", reject);
      });
      return s;
    });
    const seen: string[] = [];
    tab.on("workspace:status", (p) => seen.push(p.status));
    try {
      const created = await via(A, () =>
        api("POST", "/api/workspaces", { name: "shared", template: "node" }),
      );
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const id = created.json.workspace.id as string;
      assert.deepEqual(await new Promise((r) => tab.emit("workspace:join", { id }, r)), { ok: true });
      await via(B, () =>
        waitFor(
          () => statusOf(id),
          (s) => s === "RUNNING" || s === "ERROR",
          180_000,
        ),
      );
      assert.equal(await via(B, () => statusOf(id)), "RUNNING");
      // A ran the start; B's socket heard it.
      assert.ok(
        logged(A, id, "workspace running") && !logged(B, id, "workspace running"),
        "A did not run the start",
      );
      await waitFor(
        async () => seen,
        (s) => s.includes("RUNNING"),
        10_000,
      );

      // Opened through B: the grant A would mint works on B; once spent it is spent for A too.
      const origin = await via(B, () => openWorkspaceOrigin(appUrl, cookie, id));
      const ide = await via(A, () =>
        fetch(`${origin.origin}/healthz`, { headers: { cookie: origin.cookie } }),
      );
      assert.equal(ide.status, 200, "the IDE through the other web server");
      const replay = await via(A, () => fetch(origin.grantUrl, { redirect: "manual" }));
      assert.equal(replay.status, 403, "a grant redeemed through B was accepted again through A");

      // Used by the agent through B.
      const thread = (await via(B, () => api("POST", `/api/workspaces/${id}/threads`, {}))).json.thread
        .id as string;
      openrouter.script(
        { toolCalls: [{ name: "writeFile", args: { path: "two-web.txt", content: "written through B\n" } }] },
        { text: "Done." },
      );
      const res = await via(B, () =>
        fetch(`${appUrl}/api/workspaces/${id}/chat`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json", origin: appUrl },
          body: JSON.stringify({
            threadId: thread,
            model: "openai/gpt-5",
            approvalMode: "auto",
            message: { id: "m-1", role: "user", parts: [{ type: "text", text: "write the file" }] },
          }),
        }),
      );
      assert.equal(res.status, 200);
      await readChatResponse(res);
      assert.equal((await engine.readFile(id, "/workspace/two-web.txt")).trim(), "written through B");

      // Stopped through B; A (and the engine) agree.
      assert.ok((await via(B, () => api("POST", `/api/workspaces/${id}/stop`, {}))).status < 300);
      await via(A, () =>
        waitFor(
          () => statusOf(id),
          (s) => s === "STOPPED",
          60_000,
        ),
      );
      assert.equal(await engine.runningContainers(id), 0);
      assert.ok(
        logged(B, id, "workspace stopped") && !logged(A, id, "workspace stopped"),
        "B did not stop it",
      );
      await waitFor(
        async () => seen,
        (s) => s.includes("STOPPED"),
        10_000,
      );
    } finally {
      tab.close();
    }
  });

  test("a start sent to both web servers at the same moment starts the workspace once", {
    skip: !enabled,
  }, async () => {
    const created = await api("POST", "/api/workspaces", { name: "race", template: "node" });
    assert.equal(created.status, 201);
    const id = created.json.workspace.id as string;
    await waitFor(
      () => statusOf(id),
      (s) => s === "RUNNING" || s === "ERROR",
      180_000,
    );
    assert.ok((await api("POST", `/api/workspaces/${id}/stop`, {})).status < 300);
    await waitFor(
      () => statusOf(id),
      (s) => s === "STOPPED",
      60_000,
    );

    for (let round = 0; round < 3; round++) {
      const before = [...lb.counts];
      // Unpinned: the balancer takes turns, so one request goes to each server.
      const answers = await Promise.all([
        api("POST", `/api/workspaces/${id}/start`, {}),
        api("POST", `/api/workspaces/${id}/start`, {}),
      ]);
      assert.deepEqual(
        lb.counts.map((n, i) => n - before[i]!),
        [1, 1],
        "the two starts did not reach both servers",
      );
      for (const a of answers) assert.ok(a.status < 300, JSON.stringify(a.json));
      await waitFor(
        () => statusOf(id),
        (s) => s === "RUNNING" || s === "ERROR",
        180_000,
      );
      assert.equal(await statusOf(id), "RUNNING");
      assert.equal(await engine.runningContainers(id), 1, "not exactly one container for one workspace");
      const starts = await sql<{ n: string }>(
        `SELECT count(*) AS n FROM "AuditEvent" WHERE "workspaceId" = $1 AND action = 'workspace.start'`,
        [id],
      );
      assert.equal(Number(starts[0]?.n), round + 1, `round ${round}: starts in the audit trail`);
      assert.ok((await api("POST", `/api/workspaces/${id}/stop`, {})).status < 300);
      await waitFor(
        () => statusOf(id),
        (s) => s === "STOPPED",
        60_000,
      );
    }
  });

  test("a start running in one web server is stopped through the other, and stays stopped", {
    skip: !enabled,
  }, async () => {
    const created = await via(A, () => api("POST", "/api/workspaces", { name: "cancel", template: "node" }));
    assert.equal(created.status, 201);
    const id = created.json.workspace.id as string;
    assert.equal(created.json.workspace.status, "STARTING");
    // At once, while A's start pipeline runs: B must cancel it (A owns it), not race it.
    assert.ok((await via(B, () => api("POST", `/api/workspaces/${id}/stop`, {}))).status < 300);
    await waitFor(
      () => statusOf(id),
      (s) => s === "STOPPED",
      60_000,
    );
    // Long enough for a start that was not really cancelled to finish (a start takes ~4 s here).
    await new Promise((r) => setTimeout(r, 10_000));
    assert.equal(await statusOf(id), "STOPPED", "the start in the other server went on");
    assert.equal(await engine.runningContainers(id), 0);
    assert.ok(!logged(A, id, "workspace running"), "A finished the start after B's stop");
    assert.ok(logged(B, id, "workspace stopped"));
  });
}
