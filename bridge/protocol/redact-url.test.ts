import assert from "node:assert/strict";
import { test } from "node:test";
import { redactUrlCredentials } from "./redact-url";

test("userinfo of every URL in a text is masked: user:password, a token as user, any scheme", () => {
  const text =
    "fatal: unable to access 'https://x-access-token:ghp_abc@github.com/o/r.git/'\n" +
    "remote: see https://ghp_token@github.com/o/r and postgres://kalpana:pw@db:5432/kalpana";
  const out = redactUrlCredentials(text);
  assert.equal(
    out,
    "fatal: unable to access 'https://***@github.com/o/r.git/'\n" +
      "remote: see https://***@github.com/o/r and postgres://***@db:5432/kalpana",
  );
  assert.doesNotMatch(out, /ghp_|pw@|kalpana:/);
});

test("a mask of choice, or none (the userinfo and its @ dropped)", () => {
  assert.equal(redactUrlCredentials("https://u:p@h/x", "[redacted]"), "https://[redacted]@h/x");
  assert.equal(redactUrlCredentials("https://u:p@h/x", ""), "https://h/x");
});

test("what is not userinfo stays: paths with @, scp-style remotes, plain text", () => {
  for (const t of ["https://h/a@b", "git@github.com:o/r.git", "mail me at a@b.c", "npm test"]) {
    assert.equal(redactUrlCredentials(t), t);
  }
});
