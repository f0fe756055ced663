import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { apiErrorBodySchema, fieldErrors, fieldIssues } from "./errors";
import { createWorkspaceInput } from "./workspaces";

// What a route handler sends: zod's own issues, through JSON as the browser receives them.
const overTheWire = (details: unknown) => JSON.parse(JSON.stringify(details));

test("zod issues from a refused body name their fields, first message per field", () => {
  const r = createWorkspaceInput.safeParse({ name: "", template: "node", branch: "a..b", memoryMb: 1 });
  assert.ok(!r.success);
  const fields = fieldErrors(overTheWire(r.error.issues));
  assert.equal(fields.name, "name is required");
  assert.match(fields.branch ?? "", /branch/);
  assert.match(fields.memoryMb ?? "", /256/);
  assert.deepEqual(Object.keys(fields).sort(), ["branch", "memoryMb", "name"]);
});

test("a refinement's path names the field it concerns", () => {
  const r = createWorkspaceInput.safeParse({ name: "x", nixConfig: "{}" });
  assert.ok(!r.success);
  assert.match(fieldErrors(overTheWire(r.error.issues)).nixConfigKind ?? "", /nixConfigKind/);
});

test("fieldIssues has the same shape as zod's issues", () => {
  assert.deepEqual(fieldErrors(overTheWire(fieldIssues("repoUrl", "only on github.com"))), {
    repoUrl: "only on github.com",
  });
});

test("details that name no field give no field errors (the form shows the message)", () => {
  for (const details of [
    undefined,
    null,
    "text",
    42,
    {},
    [{}],
    [{ path: [], message: "x" }],
    [{ path: [0] }],
  ])
    assert.deepEqual(fieldErrors(details), {}, JSON.stringify(details));
  // A nested path belongs to its top-level field; a root-level issue to none.
  const nested = z.object({ a: z.object({ b: z.string() }) }).safeParse({ a: { b: 1 } });
  assert.ok(!nested.success);
  assert.deepEqual(Object.keys(fieldErrors(overTheWire(nested.error.issues))), ["a"]);
});

test("the error body schema accepts what AppError.toResponse sends and refuses other JSON", () => {
  assert.ok(apiErrorBodySchema.safeParse({ error: { code: "conflict", message: "taken" } }).success);
  assert.ok(!apiErrorBodySchema.safeParse({ error: "boom" }).success);
  assert.ok(!apiErrorBodySchema.safeParse({ message: "boom" }).success);
});
