// Token buckets: a burst is allowed, the next request is refused with the seconds to wait, tokens
// come back with time, users do not share buckets, and a refusal is a 429 with Retry-After.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RateLimited, rateLimit, resetRateLimits, take } from "./rate-limit";

const rate = { perMinute: 6 }; // one token every 10 s, burst 6

test("a burst passes, the next is told how long to wait, refills arrive over time", () => {
  resetRateLimits();
  const t0 = 1_000_000;
  for (let i = 0; i < 6; i++) assert.equal(take("chat", "alice", rate, t0), 0, `request ${i}`);
  assert.equal(take("chat", "alice", rate, t0), 10);
  assert.equal(take("chat", "alice", rate, t0 + 4_000), 6);
  assert.equal(take("chat", "alice", rate, t0 + 10_000), 0, "one token back after 10 s");
  assert.equal(take("chat", "alice", rate, t0 + 10_000), 10);
  // Bob and another bucket name are untouched.
  assert.equal(take("chat", "bob", rate, t0), 0);
  assert.equal(take("create", "alice", rate, t0), 0);
});

test("a refusal answers 429 with a Retry-After header and a message", async () => {
  resetRateLimits();
  const once = { perMinute: 1 };
  rateLimit("key-test", "carol", once, "key tests");
  let err: unknown;
  try {
    rateLimit("key-test", "carol", once, "key tests");
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof RateLimited);
  const res = err.toResponse();
  assert.equal(res.status, 429);
  assert.equal(res.headers.get("retry-after"), "60");
  const body = (await res.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, "quota_exceeded");
  assert.match(body.error.message, /Too many key tests: wait 60 s/);
});
