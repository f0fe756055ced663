import assert from "node:assert/strict";
import test from "node:test";
import { BridgeError } from "./bridge-error";

test("a BridgeError of another copy of the module is instanceof this one (Next's route bundle vs the custom server)", async () => {
  // A query string makes the loader evaluate the module again: a second class, as in the web process.
  const other = (await import(`./bridge-error.ts?copy=${Date.now()}`)) as typeof import("./bridge-error");
  assert.notEqual(other.BridgeError, BridgeError, "two copies of the class");
  const e = new other.BridgeError("ENOENT", "a.txt: no such file or folder");
  assert.ok(e instanceof BridgeError);
  assert.ok(new BridgeError("ETIMEOUT", "x") instanceof other.BridgeError);
  assert.ok(e instanceof Error);
  assert.equal(e.code, "ENOENT");
  for (const look of [new Error("ENOENT"), { code: "ENOENT", message: "x" }, null, "ENOENT", 1])
    assert.equal(look instanceof BridgeError, false, `${String(look)} is not a BridgeError`);
});
