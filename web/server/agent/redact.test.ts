import assert from "node:assert/strict";
import { test } from "node:test";
import { scrubText, summarizeArgs } from "./redact";

test("secrets never reach an audit summary", () => {
  const s = summarizeArgs({
    command:
      "git clone https://bob:ghp_abcdefghijklmnopqrstuvwxyz0123@github.com/x/y && export KEY=sk-or-v1-0123456789abcdef",
    token: "plain-secret",
  });
  assert.ok(!s.includes("ghp_abc"), s);
  assert.ok(!s.includes("sk-or-v1-0123"), s);
  assert.ok(!s.includes("plain-secret"), s);
  assert.ok(!s.includes("bob:"), s);
  assert.match(s, /\[redacted\]/);
});

test("long content is truncated", () => {
  const s = summarizeArgs({ path: "a.txt", content: "x".repeat(10_000) });
  assert.ok(s.length <= 501);
  assert.match(s, /10000 chars/);
});

test("plain text passes", () => assert.equal(scrubText("npm test"), "npm test"));
