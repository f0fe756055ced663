import assert from "node:assert/strict";
import { test } from "node:test";
import { safePath } from "./safe-path";

test("only same-origin paths pass", () => {
  for (const ok of ["/", "/dashboard", "/workspace/abc?x=1#y", "/?folder=/workspace&payload=%5B%5D"])
    assert.equal(safePath(ok), ok);
  for (const bad of [
    "//evil.com",
    "/\\evil.com",
    "/\\/evil.com",
    "https://evil.com",
    "javascript:alert(1)",
    "evil.com",
    "/a\nb",
    "/a\\b",
    "\t//evil.com",
    "",
    undefined,
    null,
    42,
    `/${"a".repeat(5000)}`,
  ])
    assert.equal(safePath(bad, "/dashboard"), "/dashboard", String(bad));
});
