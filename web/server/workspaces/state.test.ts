// One owner of a workspace's state: state.ts persists a transition and publishes it on the event
// bus; a browser in the workspace's room (real socket.io, real session) and the logs route (loaded
// as a separate module copy, the way Next bundles route handlers) see the same state. A start that
// fails shows the user a fixed sentence: the exception's text (here with an engine path and id in it)
// reaches only the server log — not statusMessage, not the room, not the start report.
import assert from "node:assert/strict";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import { callRoute, installFakeRuntime, setupAppEnv, signUp } from "../http/routes.fixture";
import { captureLogs } from "../log/capture.fixture";
import { waitFor } from "./test-env.fixture";

const RAW = "engine refused: /var/lib/docker/overlay2/9f3c1e/merged: internal id kx-7731";
let logged: { msg?: string; workspaceId?: string; level?: number }[] = [];

let env: { cleanup: () => void };
let http: HttpServer;
let url = "";
let user: { cookie: string; userId: string };
let m: {
  state: typeof import("./state");
  lifecycle: typeof import("./lifecycle");
  provision: typeof import("./provision");
  io: typeof import("../realtime/io");
  db: typeof import("../db/client");
};

before(async () => {
  logged = captureLogs<{ msg?: string; workspaceId?: string; level?: number }>();
  env = await setupAppEnv({ KALPANA_WORKSPACE_IMAGE: "kalpana/workspace:test-none" });
  // The container phase fails with an engine error that must not reach the user.
  installFakeRuntime(() => null, {
    create: async () => {
      throw new Error(RAW);
    },
  });
  m = {
    state: await import("./state"),
    lifecycle: await import("./lifecycle"),
    provision: await import("./provision"),
    io: await import("../realtime/io"),
    db: await import("../db/client"),
  };
  user = await signUp("owner@example.com");
  http = createServer();
  m.io.attachRealtime(http, "http://kalpana.localhost:3000");
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((r) => http?.close(r));
  env?.cleanup();
});

type Seen = {
  event: string;
  payload: { id: string; status?: string; message?: string | null; line?: string };
};

/** A browser tab in the workspace's room that records every event it gets. */
async function watch(id: string): Promise<{ seen: Seen[]; close: () => void }> {
  const s: Socket = connect(url, {
    path: "/socket.io/",
    extraHeaders: { cookie: user.cookie },
    transports: ["websocket"],
  });
  const seen: Seen[] = [];
  s.onAny((event: string, payload: Seen["payload"]) => seen.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    s.once("connect", resolve);
    s.once("connect_error", reject);
  });
  const ack = await new Promise<{ ok: boolean }>((r) => s.emit("workspace:join", { id }, r));
  assert.deepEqual(ack, { ok: true });
  return { seen, close: () => s.close() };
}

async function logsRoute(id: string) {
  const res = await callRoute("workspaces/[id]/logs", "GET", { cookie: user.cookie, params: { id } });
  assert.equal(res.status, 200);
  return ((await res.json()) as { phases: { phase: string; status: string; lines: string[] }[] }).phases;
}

const row = (id: string) => m.db.db().workspace.findUniqueOrThrow({ where: { id } });
const newRow = (name: string) =>
  m.db.db().workspace.create({
    data: {
      userId: user.userId,
      name,
      template: "node",
      bridgeSecret: "v1:x",
      memoryMb: 256,
      cpus: 1,
      pidsLimit: 64,
    },
  });

test("one owner publishes: the room and the logs route (another module copy) see the same state", async () => {
  const w = await newRow("bus");
  const tab = await watch(w.id);
  try {
    m.state.resetReport(w.id);
    await m.state.enterPhase(w.id, "clone", "Cloning the repository");
    m.state.logLine(w.id, "clone", "git clone https://example.com/a.git\nchecked out main");
    m.state.reportProgress(w.id, "clone", 42);
    m.state.finishPhase(w.id, "clone");
    await m.state.enterPhase(w.id, "nix", "Preparing the Nix environment");
    m.state.warnPhase(w.id, "nix");

    await waitFor(
      async () => tab.seen.length,
      (n) => n >= 5,
      5000,
    );
    const statuses = tab.seen.filter((s) => s.event === "workspace:status").map((s) => s.payload);
    assert.deepEqual(
      statuses.map((s) => [s.status, s.message]),
      [
        ["STARTING", "Cloning the repository"],
        ["STARTING", "Preparing the Nix environment"],
      ],
    );
    const stored = await row(w.id);
    assert.equal(stored.phase, "nix", "the last published state is the stored one");
    assert.equal(stored.statusMessage, statuses.at(-1)?.message);
    assert.ok(tab.seen.some((s) => s.event === "workspace:progress"));

    const phases = await logsRoute(w.id);
    const lines = tab.seen.filter((s) => s.event === "workspace:log").map((s) => s.payload.line);
    assert.deepEqual(
      phases.find((p) => p.phase === "clone"),
      {
        phase: "clone",
        status: "done",
        lines,
      },
    );
    assert.equal(phases.find((p) => p.phase === "nix")?.status, "warning");
    assert.deepEqual(m.state.startReport(w.id), phases, "this copy and the route's copy share one report");
  } finally {
    tab.close();
  }
});

test("a failed start shows a fixed sentence; the raw error reaches only the server log", async () => {
  const view = await m.lifecycle.createWorkspace(user.userId, { name: "doomed", template: "node" });
  const tab = await watch(view.id);
  try {
    const w = await waitFor(
      () => row(view.id),
      (r) => r.status === "ERROR",
      10_000,
    );
    const fixed = m.provision.START_FAILED.container;
    assert.ok(w.statusMessage?.startsWith(fixed), w.statusMessage ?? "");
    assert.ok(
      !w.statusMessage?.includes("overlay2") && !w.statusMessage?.includes("kx-7731"),
      w.statusMessage ?? "",
    );

    const phases = await logsRoute(view.id);
    const container = phases.find((p) => p.phase === "container");
    assert.equal(container?.status, "error");
    assert.ok(container?.lines.some((l) => l.includes(fixed)));
    assert.ok(!JSON.stringify(phases).includes("kx-7731"), "the start report holds no raw error");

    // A tab that reloads later reads the same (fixed) state; whatever the room got is clean too.
    assert.ok(!JSON.stringify(tab.seen).includes("kx-7731"));
    const failed = logged.find(
      (l) => l.workspaceId === view.id && l.msg?.includes("failed in phase container"),
    );
    assert.ok(failed?.msg?.includes(RAW), "the operator sees the cause in the server log");
  } finally {
    tab.close();
  }
});

test("the start report is stored with each transition: a process that did not run the start reads it", async () => {
  const w = await newRow("stored-report");
  m.state.resetReport(w.id);
  await m.state.enterPhase(w.id, "clone", "Cloning the repository");
  m.state.logLine(w.id, "clone", "Cloning into '/workspace'...");
  m.state.finishPhase(w.id, "clone");
  await m.state.enterPhase(w.id, "nix", "Preparing the Nix environment");
  m.state.logLine(w.id, "nix", "error: undefined variable 'pkgs'");
  m.state.warnPhase(w.id, "nix");
  await m.state.setState(w.id, { status: "RUNNING", phase: "ready", message: null });
  const here = await logsRoute(w.id);

  // Another web process (or this one restarted) has no report in memory: it reads the stored copy.
  m.state.dropReport(w.id);
  const elsewhere = await logsRoute(w.id);
  assert.deepEqual(elsewhere, here);
  assert.equal(elsewhere.find((p) => p.phase === "nix")?.status, "warning");
  assert.deepEqual(elsewhere.find((p) => p.phase === "clone")?.lines, ["Cloning into '/workspace'..."]);

  // Deleting the workspace takes its report with it; writing one for a deleted workspace is a no-op.
  await m.db.db().workspace.delete({ where: { id: w.id } });
  assert.equal(await m.db.db().startReport.count({ where: { workspaceId: w.id } }), 0);
  const { writeStartReport } = await import("../db/workspaces");
  await writeStartReport(w.id, here as Parameters<typeof writeStartReport>[1]);
});
