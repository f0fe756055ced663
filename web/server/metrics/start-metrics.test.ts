// A real workspace start (Docker), through the domain modules: the lifecycle is logged (created,
// starting, each phase with its duration, running with the total, stopped, deleted, a failure with
// its cause) on lines that name the workspace and its owner, and the start histogram and the
// workspaces gauge show it on the next scrape.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { dockerAvailable } from "../../testing/docker.fixture";
import { captureLogs } from "../log/capture.fixture";
import { setupDomainEnv, type TestEnv, waitFor } from "../workspaces/test-env.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
type Line = {
  level: string;
  msg: string;
  workspaceId?: string;
  userId?: string;
  phase?: string;
  ms?: number;
};
let lines: Line[] = [];
let env: TestEnv;
let m: {
  lifecycle: typeof import("../workspaces/lifecycle");
  store: typeof import("../workspaces/store");
  metrics: typeof import("./metrics");
  config: typeof import("../config");
  db: typeof import("../db/client");
};
let userId = "";

before(async () => {
  if (!enabled) return;
  lines = captureLogs<Line>();
  env = setupDomainEnv();
  m = {
    lifecycle: await import("../workspaces/lifecycle"),
    store: await import("../workspaces/store"),
    metrics: await import("./metrics"),
    config: await import("../config"),
    db: await import("../db/client"),
  };
  userId = (await m.db.db().user.create({ data: { id: "u-ops", name: "Ops", email: "ops@example.com" } })).id;
});

after(() => {
  if (enabled) env.cleanup();
});

const settled = (id: string, want: string[]) =>
  waitFor(
    () => m.store.getOwned(userId, id),
    (w) => want.includes(w.status),
    150_000,
  );
const about = (id: string) => lines.filter((l) => l.workspaceId === id);
const metricValue = (text: string, series: string) =>
  Number(
    text
      .split("\n")
      .find((l) => l.startsWith(`${series} `))
      ?.split(" ")[1] ?? Number.NaN,
  );

test("a start is logged phase by phase and measured; stop and delete are logged", {
  skip: !enabled,
}, async () => {
  const view = await m.lifecycle.createWorkspace(userId, { name: "measured", template: "node" });
  const w = await settled(view.id, ["RUNNING", "ERROR"]);
  assert.equal(w.status, "RUNNING", w.statusMessage ?? "");
  const text = await m.metrics.metrics.registry.metrics();
  for (const phase of ["container", "bridge", "nix", "ide"]) {
    const n = metricValue(
      text,
      `kalpana_workspace_start_phase_seconds_count{phase="${phase}",outcome="done"}`,
    );
    assert.equal(n, 1, `${phase} measured once`);
  }
  assert.equal(
    metricValue(text, 'kalpana_workspace_start_phase_seconds_count{phase="total",outcome="done"}'),
    1,
  );
  assert.equal(metricValue(text, 'kalpana_workspaces{status="RUNNING"}'), 1);

  await m.lifecycle.stopWorkspaceById(view.id);
  const after = await m.metrics.metrics.registry.metrics();
  assert.equal(metricValue(after, 'kalpana_workspaces{status="RUNNING"}'), 0);
  assert.equal(metricValue(after, 'kalpana_workspaces{status="STOPPED"}'), 1);
  await m.lifecycle.deleteWorkspace(userId, view.id, "measured");

  const mine = about(view.id);
  const msgs = mine.map((l) => l.msg);
  for (const want of [
    "workspace created",
    "workspace starting",
    "workspace running",
    "workspace stopped",
    "workspace deleted",
  ])
    assert.ok(msgs.includes(want), `${want} in ${JSON.stringify(msgs)}`);
  for (const phase of ["container", "bridge", "nix", "ide"]) {
    const line = mine.find((l) => l.msg === `phase ${phase} done`);
    assert.ok(line && typeof line.ms === "number" && line.ms >= 0, `phase ${phase} logged with its duration`);
  }
  const running = mine.find((l) => l.msg === "workspace running")!;
  assert.ok((running.ms ?? 0) > 0);
  for (const l of mine) assert.equal(l.userId, userId, `${l.msg} names the owner`);
});

test("a start that fails is logged as an error with its cause and counted", { skip: !enabled }, async () => {
  const c = m.config.config();
  const image = c.KALPANA_WORKSPACE_IMAGE;
  c.KALPANA_WORKSPACE_IMAGE = "missing:tag"; // the image check in create() fails the container phase
  try {
    const view = await m.lifecycle.createWorkspace(userId, { name: "doomed", template: "node" });
    const w = await settled(view.id, ["ERROR", "RUNNING"]);
    assert.equal(w.status, "ERROR");
    const failed = about(view.id).find((l) => l.level === "error");
    assert.ok(failed, "an error line");
    assert.equal(failed.phase, "container");
    assert.match(failed.msg, /failed in phase container: workspace image missing/);
    const text = await m.metrics.metrics.registry.metrics();
    assert.equal(
      metricValue(text, 'kalpana_workspace_start_phase_seconds_count{phase="container",outcome="error"}'),
      1,
    );
  } finally {
    c.KALPANA_WORKSPACE_IMAGE = image;
  }
});
