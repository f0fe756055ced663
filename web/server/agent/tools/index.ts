// The agent's tool set: one file per tool, each a thin zod-typed wrapper over one bridge call.
import type { ToolContext } from "./context";
import { editFileTool } from "./edit-file";
import { gitCommitTool } from "./git-commit";
import { gitDiffTool } from "./git-diff";
import { gitPushTool } from "./git-push";
import { gitStatusTool } from "./git-status";
import { listFilesTool } from "./list-files";
import { readFileTool } from "./read-file";
import { readOutputTool } from "./read-output";
import { runCommandTool } from "./run-command";
import { searchCodeTool } from "./search-code";
import { startBackgroundTool } from "./start-background";
import { stopBackgroundTool } from "./stop-background";
import { writeFileTool } from "./write-file";

export function buildTools(ctx: ToolContext) {
  return {
    readFile: readFileTool(ctx),
    writeFile: writeFileTool(ctx),
    editFile: editFileTool(ctx),
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
  };
}

export type AgentTools = ReturnType<typeof buildTools>;
export type { AuditRecord, ToolContext } from "./context";
