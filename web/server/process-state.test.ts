import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { peekProcessSlot, processSlot, setProcessSlot } from "./process-state";

// Next's route bundle and the custom server each evaluate their own copy of the module: a second
// copy (a distinct module URL) must see the same slots.
const otherCopy = async () =>
  (await import(`./process-state.ts?copy=${Math.random()}`)) as typeof import("./process-state");

test("a second copy of the module sees the slot the first one made, and create runs once", async () => {
  let made = 0;
  const first = processSlot("test-shared", () => ({ n: ++made }));
  const copy = await otherCopy();
  assert.notEqual(copy.processSlot, processSlot, "the import really is a second module instance");
  const second = copy.processSlot("test-shared", () => ({ n: ++made }));
  assert.equal(second, first);
  assert.equal(made, 1);
});

test("setProcessSlot installs a value both copies read, undefined empties it", async () => {
  const copy = await otherCopy();
  assert.equal(peekProcessSlot("test-fake"), undefined);
  setProcessSlot("test-fake", "fake");
  assert.equal(copy.peekProcessSlot("test-fake"), "fake");
  assert.equal(
    copy.processSlot("test-fake", () => "real"),
    "fake",
  );
  copy.setProcessSlot("test-fake", undefined);
  assert.equal(peekProcessSlot("test-fake"), undefined);
});

test("everything lives under one symbol on globalThis", () => {
  processSlot("test-one-key", () => 1);
  const own = Object.getOwnPropertySymbols(globalThis).filter((s) => s.description?.startsWith("kalpana."));
  assert.deepEqual(
    own.map((s) => s.description),
    ["kalpana.process-state"],
  );
});

test("no other server module keeps state on globalThis", () => {
  const root = import.meta.dirname;
  const offenders = (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && f !== "process-state.ts")
    .filter((f) => readFileSync(path.join(root, f), "utf8").includes("globalThis"));
  assert.deepEqual(offenders, []);
});
