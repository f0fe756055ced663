import assert from "node:assert/strict";
import { test } from "node:test";
import { asSchema, jsonSchema, tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { buildTools } from "./index";

const ctx: ToolContext = {
  workspaceId: "w",
  userId: "u",
  bridge: async () => {
    throw new Error("no bridge in this test");
  },
  gitToken: async () => null,
  gitAuthor: { name: "T", email: "t@example.com" },
  audit: () => {},
  saveNixConfig: async () => {},
};

test("built-in tool schemas are converted to JSON Schema once per process, not per chat and step", async () => {
  const first = buildTools(ctx);
  const second = buildTools(ctx);
  for (const name of ["readFile", "runCommand", "updatePlan"] as const) {
    const [a, b] = [first[name].inputSchema, second[name].inputSchema] as Parameters<typeof asSchema>[0][];
    assert.equal(b, a, `${name}: the same converted schema`);
    // What streamText asks for each model request: the same object, no new conversion.
    assert.equal(asSchema(b).jsonSchema, asSchema(a).jsonSchema);
  }
  const run = (await asSchema(first.runCommand.inputSchema).jsonSchema) as {
    properties: Record<string, unknown>;
    required?: string[];
  };
  assert.deepEqual(Object.keys(run.properties).sort(), ["command", "cwd", "timeoutSeconds"]);
  assert.deepEqual(run.required, ["command"], "defaults stay optional for the model (input side)");
  // Validation still runs the zod schema (defaults applied, bad input refused).
  const ok = await asSchema(first.runCommand.inputSchema).validate!({ command: "ls" });
  assert.deepEqual(ok, { success: true, value: { command: "ls", cwd: ".", timeoutSeconds: 120 } });
  const bad = await asSchema(first.runCommand.inputSchema).validate!({ command: "" });
  assert.equal(bad.success, false);
});

test("a workspace's own (MCP) tools keep their schemas: they differ per workspace", () => {
  const own = jsonSchema({ type: "object", properties: { q: { type: "string" } } });
  const raw = z.object({ q: z.string() });
  const tools = buildTools(ctx, {
    mcp__a: tool({ description: "a", inputSchema: own, execute: async () => "x" }),
    mcp__b: tool({ description: "b", inputSchema: raw, execute: async () => "x" }),
  });
  assert.equal(tools.mcp__a!.inputSchema, own);
  assert.equal(tools.mcp__b!.inputSchema, raw);
});
