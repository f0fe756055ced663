import assert from "node:assert/strict";
import { test } from "node:test";
import { pickApiKey } from "./provider";

test("the user's key wins, the server's is the fallback, neither points to Settings", () => {
  assert.equal(pickApiKey("user", "server"), "user");
  assert.equal(pickApiKey(null, "server"), "server");
  assert.throws(
    () => pickApiKey(null, undefined),
    (e: { code: string; status: number; message: string }) => {
      return e.code === "invalid_argument" && e.status === 400 && /Settings/.test(e.message);
    },
  );
});
