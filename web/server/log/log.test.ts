// The logger's promises: one JSON object per line with level, time, msg and the request's context,
// and no secret in any line, whether it comes as a known field, inside a message or in an error.
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { addLogContext, withLogContext } from "./context";
import { createLogger } from "./log";

function capture() {
  const lines: string[] = [];
  const dest = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      cb();
    },
  });
  return { log: createLogger({ KALPANA_LOG_LEVEL: "debug" }, dest), lines };
}

test("lines are JSON with level, time, msg and the context of the request", async () => {
  const { log, lines } = capture();
  await withLogContext({ requestId: "req-1" }, async () => {
    await new Promise((r) => setTimeout(r, 1));
    addLogContext({ userId: "user-1" });
    await withLogContext({ workspaceId: "ws-1" }, async () => log.info({ phase: "clone" }, "phase done"));
    log.warn("after");
  });
  log.info("outside");
  const [inner, after, outside] = lines.map((l) => JSON.parse(l));
  assert.equal(inner.level, "info");
  assert.equal(inner.msg, "phase done");
  assert.ok(!Number.isNaN(Date.parse(inner.time)));
  assert.deepEqual(
    [inner.requestId, inner.userId, inner.workspaceId, inner.phase],
    ["req-1", "user-1", "ws-1", "clone"],
  );
  assert.equal(after.workspaceId, undefined);
  assert.equal(after.userId, "user-1");
  assert.equal(outside.requestId, undefined);
});

test("secrets are censored in fields, messages, errors and their causes", () => {
  const { log, lines } = capture();
  const gh = `ghp_${"a".repeat(36)}`;
  const or = `sk-or-v1-${"b".repeat(40)}`;
  const bridge = "Zm9vYmFyYmF6cXV4LWJyaWRnZS1zZWNyZXQtdmFsdWU";
  const cookie = "better-auth.session_token=abcdef0123456789.signature";
  log.info({ bridgeSecret: bridge, headers: { cookie, authorization: `Bearer ${gh}` } }, "connecting");
  log.info({ user: { password: "hunter2hunter2", apiKey: or } }, "nested");
  log.error(
    { err: new Error(`clone of https://x:${gh}@github.com/a/b failed`, { cause: new Error(or) }) },
    "failed",
  );
  log.warn(`token was ${gh} and key ${or}`);
  const all = lines.join("\n");
  for (const secret of [gh, or, bridge, cookie, "hunter2hunter2"])
    assert.ok(!all.includes(secret), `${secret} leaked:\n${all}`);
  const failed = JSON.parse(lines[2]!);
  assert.match(failed.err.message, /clone of https:\/\/\[redacted\]@github.com/);
  assert.match(failed.err.stack, /caused by: Error: \[redacted\]/);
  assert.match(failed.err.stack, /Error: clone of/);
});

test("scrubbing stays inside each JSON string: a line stays valid JSON", () => {
  const { log, lines } = capture();
  log.info({ url: "http://app.example:3000", email: "a@b.example" }, "see http://x:3000 mail@x");
  log.info({ note: "-----BEGIN RSA PRIVATE KEY-----\nabc", after: "kept" }, "pem");
  const [a, b] = lines.map((l) => JSON.parse(l));
  assert.equal(a.url, "http://app.example:3000");
  assert.equal(a.email, "a@b.example");
  assert.equal(b.after, "kept");
  assert.equal(b.note, "[redacted private key]");
});
