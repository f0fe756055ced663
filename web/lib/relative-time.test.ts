import assert from "node:assert/strict";
import { test } from "node:test";
import { formatElapsed, relativeTime, repoLabel } from "./relative-time";

const now = Date.parse("2026-11-22T12:00:00Z");
const ago = (s: number) => new Date(now - s * 1000).toISOString();

test("relativeTime speaks like a person", () => {
  assert.equal(relativeTime(ago(10), now), "just now");
  assert.equal(relativeTime(ago(5 * 60), now), "5 minutes ago");
  assert.equal(relativeTime(ago(3600), now), "1 hour ago");
  assert.equal(relativeTime(ago(26 * 3600), now), "yesterday");
  assert.equal(relativeTime(ago(15 * 24 * 3600), now), "2 weeks ago");
  assert.equal(relativeTime("not a date", now), "");
});

test("formatElapsed is mm:ss, with hours when needed", () => {
  assert.equal(formatElapsed(0), "00:00");
  assert.equal(formatElapsed(65_400), "01:05");
  assert.equal(formatElapsed(3_725_000), "1:02:05");
  assert.equal(formatElapsed(-5), "00:00");
});

test("repoLabel shortens clone URLs", () => {
  assert.equal(repoLabel("https://github.com/octo/hello.git", "main"), "octo/hello@main");
  assert.equal(repoLabel("http://172.17.0.1:9/octo/pub.git", null), "octo/pub");
  assert.equal(repoLabel(null, "main"), null);
});
