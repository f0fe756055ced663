// The agent's tool set: one file per tool, each a thin zod-typed wrapper over one bridge call.
// Every result reaches the model as delimited untrusted data (the UI and the stored history keep
// the structured output): file contents and command output are the workspace talking.
import { type Tool, zodSchema } from "ai";
import { maskValues } from "../redact";
import { delimitUntrusted } from "../untrusted";
import type { ToolContext } from "./context";
import { deleteFileTool } from "./delete-file";
import { editFileTool } from "./edit-file";
import { getEditorContextTool } from "./get-editor-context";
import { gitCommitTool } from "./git-commit";
import { gitDiffTool } from "./git-diff";
import { gitPushTool } from "./git-push";
import { gitStatusTool } from "./git-status";
import { listFilesTool } from "./list-files";
import { moveFileTool } from "./move-file";
import { readFileTool } from "./read-file";
import { readOutputTool } from "./read-output";
import { runCommandTool } from "./run-command";
import { searchCodeTool } from "./search-code";
import { startBackgroundTool } from "./start-background";
import { stopBackgroundTool } from "./stop-background";
import { updateNixEnvironmentTool } from "./update-nix-environment";
import { updatePlanTool } from "./update-plan";
import { writeFileTool } from "./write-file";

// The AI SDK turns a zod inputSchema into JSON Schema again on every model request (asSchema
// wraps a raw zod schema anew each time; only its wrapper caches the result): 18 tools per step
// made that a fifth of the server's busy CPU during agent answers. The built-in schemas are static,
// so each is wrapped once per process and converted once.
const builtInSchemas = new Map<string, Tool["inputSchema"]>();

function convertedOnce(name: string, schema: Tool["inputSchema"]): Tool["inputSchema"] {
  if (!schema || typeof schema !== "object" || !("_zod" in schema)) return schema;
  let s = builtInSchemas.get(name);
  if (!s) {
    s = zodSchema(schema as Parameters<typeof zodSchema>[0]) as Tool["inputSchema"];
    builtInSchemas.set(name, s);
  }
  return s;
}

function asUntrusted<T extends Tool>(name: string, t: T, secrets: readonly string[], builtIn = false): T {
  return {
    ...t,
    ...(builtIn ? { inputSchema: convertedOnce(name, t.inputSchema) } : {}),
    toModelOutput: ({ output }: { output: unknown }) => ({
      type: "text" as const,
      value: delimitUntrusted(`tool:${name}`, JSON.stringify(maskValues(output, secrets)) ?? "null"),
    }),
  };
}

function untrustedResults<T extends Record<string, Tool>>(
  tools: T,
  secrets: readonly string[],
  builtIn = false,
): T {
  return Object.fromEntries(
    Object.entries(tools).map(([name, t]) => [name, asUntrusted(name, t, secrets, builtIn)]),
  ) as T;
}

/** The built-in tools, plus `extra` ones (a workspace's MCP tools, mcp/connect.ts) under their own names. */
export function buildTools(ctx: ToolContext, extra: Record<string, Tool> = {}) {
  const builtIn = untrustedResults(
    {
      readFile: readFileTool(ctx),
      writeFile: writeFileTool(ctx),
      editFile: editFileTool(ctx),
      moveFile: moveFileTool(ctx),
      deleteFile: deleteFileTool(ctx),
      listFiles: listFilesTool(ctx),
      searchCode: searchCodeTool(ctx),
      runCommand: runCommandTool(ctx),
      startBackground: startBackgroundTool(ctx),
      readOutput: readOutputTool(ctx),
      stopBackground: stopBackgroundTool(ctx),
      gitStatus: gitStatusTool(ctx),
      gitDiff: gitDiffTool(ctx),
      gitCommit: gitCommitTool(ctx),
      gitPush: gitPushTool(ctx),
      updatePlan: updatePlanTool(),
      getEditorContext: getEditorContextTool(ctx),
      updateNixEnvironment: updateNixEnvironmentTool(ctx),
    },
    ctx.secretValues ?? [],
    true,
  );
  const added = Object.fromEntries(Object.entries(extra).filter(([name]) => !(name in builtIn)));
  return { ...untrustedResults(added, ctx.secretValues ?? []), ...builtIn } as typeof builtIn &
    Record<string, Tool>;
}

export type AgentTools = ReturnType<typeof buildTools>;
export type { AuditRecord, ToolContext } from "./context";
