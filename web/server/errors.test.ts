import assert from "node:assert/strict";
import test from "node:test";
import { AppError } from "./errors";

test("an AppError of another copy of the module is instanceof this one and keeps its status", async () => {
  // A query string makes the loader evaluate the module again: a second class, as in the web process.
  const other = (await import(`./errors.ts?copy=${Date.now()}`)) as typeof import("./errors");
  assert.notEqual(other.AppError, AppError, "two copies of the class");
  const e = new other.AppError("quota_exceeded", "too many");
  assert.ok(e instanceof AppError && e instanceof Error);
  assert.equal(e.toResponse().status, 429);
  for (const look of [new Error("x"), { code: "not_found", message: "x" }, null])
    assert.equal(look instanceof AppError, false);
});
