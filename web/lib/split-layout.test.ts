import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_LAYOUT, loadLayout, MAX_RATIO, MIN_RATIO, ratioForKey, saveLayout } from "./split-layout";

function memoryStore() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

test("layouts are remembered per user", () => {
  const s = memoryStore();
  saveLayout(s, "u1", { agentRatio: 0.5, collapsed: true });
  assert.deepEqual(loadLayout(s, "u1"), { agentRatio: 0.5, collapsed: true });
  assert.deepEqual(loadLayout(s, "u2"), DEFAULT_LAYOUT);
});

test("bad stored values fall back or clamp", () => {
  const s = memoryStore();
  s.m.set("kalpana.split.u", "{not json");
  assert.deepEqual(loadLayout(s, "u"), DEFAULT_LAYOUT);
  s.m.set("kalpana.split.u", JSON.stringify({ agentRatio: 5, collapsed: "yes" }));
  assert.deepEqual(loadLayout(s, "u"), { agentRatio: MAX_RATIO, collapsed: false });
  assert.deepEqual(loadLayout(undefined, "u"), DEFAULT_LAYOUT);
});

test("keys move the separator within the limits", () => {
  assert.equal(ratioForKey("ArrowLeft", 0.3), 0.32);
  assert.equal(ratioForKey("ArrowRight", MIN_RATIO), MIN_RATIO);
  assert.equal(ratioForKey("Home", 0.3), MAX_RATIO);
  assert.equal(ratioForKey("Enter", 0.5), DEFAULT_LAYOUT.agentRatio);
  assert.equal(ratioForKey("a", 0.3), null);
});
