import assert from "node:assert/strict";
import { test } from "node:test";
import { nodesFingerprint, pollNodeChanges } from "./node-watch";
import type { SwarmNode } from "./tasks";

const node = (ID: string, State: string, Availability = "active"): SwarmNode => ({
  ID,
  Status: { State },
  Spec: { Availability },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("the fingerprint is each node's state and availability, in any order", () => {
  const a = nodesFingerprint([node("b", "ready"), node("a", "ready")]);
  assert.equal(a, nodesFingerprint([node("a", "ready"), node("b", "ready")]));
  assert.notEqual(a, nodesFingerprint([node("a", "ready"), node("b", "down")]));
  assert.notEqual(a, nodesFingerprint([node("a", "ready"), node("b", "ready", "drain")]));
  assert.notEqual(a, nodesFingerprint([node("a", "ready")]), "a node gone");
});

test("a change is reported once; the first read, an unchanged read and a failed read are not", async () => {
  const reads: (SwarmNode[] | Error)[] = [
    [node("a", "ready"), node("b", "ready")],
    [node("a", "ready"), node("b", "ready")],
    new Error("manager busy"),
    [node("a", "ready"), node("b", "down")],
    [node("a", "ready"), node("b", "down")],
    [node("a", "ready"), node("b", "ready")],
  ];
  let i = 0;
  let changes = 0;
  const stop = pollNodeChanges(
    async () => {
      const r = reads[Math.min(i++, reads.length - 1)]!;
      if (r instanceof Error) throw r;
      return r;
    },
    () => changes++,
    5,
  );
  await sleep(200);
  stop();
  assert.ok(i >= reads.length, `read ${i} times`);
  assert.equal(changes, 2, "down, then back");
  const after = i;
  await sleep(50);
  assert.equal(i, after, "no reads after stop");
});
