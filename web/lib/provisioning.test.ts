import assert from "node:assert/strict";
import { test } from "node:test";
import { emptyTimeline, focusPhase, type TimelineEvent, timelineReducer } from "./provisioning";

const run = (events: TimelineEvent[]) => events.reduce(timelineReducer, emptyTimeline());
const statuses = (t: ReturnType<typeof run>) => Object.values(t.phases).map((p) => p.status);

test("a start walks the phases in order", () => {
  const t = run([
    { type: "status", status: "STARTING", phase: "container", message: null },
    { type: "status", status: "STARTING", phase: "clone", message: null },
    { type: "progress", phase: "clone", percent: 42 },
    { type: "log", phase: "clone", line: "Receiving objects: 42%" },
  ]);
  assert.deepEqual(statuses(t), ["done", "done", "running", "pending", "pending"]);
  assert.equal(t.percent, 42);
  assert.deepEqual(t.phases.clone.lines, ["Receiving objects: 42%"]);
  assert.equal(focusPhase(t), "clone");
});

test("a Nix phase warning stays a warning (not an error, not done) once RUNNING", () => {
  const t = run([
    { type: "status", status: "STARTING", phase: "nix", message: null },
    { type: "warning", phase: "nix" },
    {
      type: "status",
      status: "RUNNING",
      phase: "ready",
      message: "Nix environment failed; using the base image",
    },
  ]);
  assert.deepEqual(statuses(t), ["done", "done", "done", "warning", "done"]);
  assert.equal(t.percent, null);
});

test("ERROR marks the running phase failed and focuses it", () => {
  const t = run([
    { type: "status", status: "STARTING", phase: "bridge", message: null },
    { type: "status", status: "ERROR", phase: "bridge", message: "bridge did not answer" },
  ]);
  assert.equal(t.phases.bridge.status, "error");
  assert.equal(t.message, "bridge did not answer");
  assert.equal(focusPhase(t), "bridge");
});

test("a snapshot replaces the phases and log lines are capped", () => {
  let t = run([{ type: "snapshot", phases: [{ phase: "nix", status: "running", lines: ["a"] }] }]);
  assert.equal(t.phases.nix.status, "running");
  for (let i = 0; i < 1000; i++) t = timelineReducer(t, { type: "log", phase: "nix", line: `l${i}` });
  assert.equal(t.phases.nix.lines.length, 400);
  assert.equal(t.phases.nix.lines.at(-1), "l999");
});

test("the status message's words never decide a phase's state (only the server's phase events do)", () => {
  const t = run([
    { type: "status", status: "STARTING", phase: "nix", message: null },
    { type: "status", status: "RUNNING", phase: "ready", message: "Nix environment failed" },
  ]);
  assert.deepEqual(statuses(t), ["done", "done", "done", "done", "done"]);
});
