// Which tool calls wait for the person. "ask": anything that runs code or leaves the workspace
// (commands, background jobs, push, every MCP tool call) and file changes that make something run later (exec-later.ts:
// .git/, .vscode/, env and shell startup files, CI workflows, package-manager config, install
// scripts). "auto": only the dangerous commands (dangerous.ts) and force pushes; a file write in
// auto mode runs, because auto already lets the agent run any command that could write the same
// file. The AI SDK turns "user-approval" into an approval-requested tool part; the tool runs only
// after the client sends back an approved response, and a denied one reaches the model as denied.
import path from "node:path";
import type { ToolApprovalStatus } from "ai";
import type { ApprovalMode } from "../../contract/agent";
import { MCP_TOOL_PREFIX } from "../../contract/mcp";
import { dangerousCommand } from "./dangerous";
import { type ExecLaterRule, executesLater } from "./exec-later";
import { applyEdit, installScriptChange } from "./package-scripts";
import type { WorkspacePaths } from "./real-path";
import { describePush } from "./tools/push-target";

/** Tools that run code or leave the workspace. */
const ASK_TOOLS = new Set([
  "runCommand",
  "startBackground",
  "stopBackground",
  "gitPush",
  "updateNixEnvironment",
]);
/** Tools that change files, and the inputs that name the paths they touch (a move: both ends). */
const FILE_TOOLS: Record<string, readonly string[]> = {
  writeFile: ["path"],
  editFile: ["path"],
  moveFile: ["from", "to"],
  deleteFile: ["path"],
};

type Input = {
  command?: unknown;
  forceWithLease?: unknown;
  path?: unknown;
  content?: unknown;
  oldString?: unknown;
  newString?: unknown;
  expectedReplacements?: unknown;
};

async function fileRule(
  toolName: string,
  input: Record<string, unknown>,
  paths: WorkspacePaths | undefined,
): Promise<ExecLaterRule | null> {
  for (const key of FILE_TOOLS[toolName] ?? []) {
    const p = input[key];
    if (typeof p !== "string") continue;
    const candidates = [p, ...((await paths?.realPaths(p)) ?? [])];
    for (const c of candidates) {
      const rule = executesLater(c);
      if (rule) return rule;
    }
    const pkg = candidates.find((c) => path.posix.basename(c.toLowerCase()) === "package.json");
    if (pkg && (toolName === "writeFile" || toolName === "editFile")) {
      const rule = await packageRule(toolName, input as Input, pkg, paths);
      if (rule) return rule;
    }
  }
  return null;
}

async function packageRule(
  toolName: string,
  input: Input,
  file: string,
  paths: WorkspacePaths | undefined,
): Promise<ExecLaterRule | null> {
  const before = paths ? await paths.readText(file) : null;
  if (toolName === "writeFile") return installScriptChange(before, String(input.content ?? ""));
  if (before === null) return null; // the edit has nothing to change: fs:edit refuses it
  const after = applyEdit(
    before,
    String(input.oldString ?? ""),
    String(input.newString ?? ""),
    input.expectedReplacements !== undefined,
  );
  return installScriptChange(before, after);
}

/** The approval card names the exact URL and branch the push will use (push-target.ts). */
async function pushReason(input: unknown, paths: WorkspacePaths | undefined): Promise<string> {
  const i = (input ?? {}) as { remote?: unknown; branch?: unknown; cwd?: unknown };
  const remote = typeof i.remote === "string" ? i.remote : "origin";
  const branch = typeof i.branch === "string" ? i.branch : undefined;
  const t = await paths?.pushTarget?.({ remote, branch, cwd: typeof i.cwd === "string" ? i.cwd : "." });
  return t ? `${describePush(t)}?` : `Push ${branch ?? "the current branch"} to remote ${remote}?`;
}

export async function approvalFor(
  mode: ApprovalMode,
  toolName: string,
  input: unknown,
  paths?: WorkspacePaths,
): Promise<ToolApprovalStatus> {
  const args = (input ?? {}) as Input;
  if (typeof args.command === "string") {
    const rule = dangerousCommand(args.command);
    if (rule) return { type: "user-approval", reason: `Potentially dangerous: ${rule.reason}` };
  }
  if (toolName === "gitPush" && args.forceWithLease === true) {
    return {
      type: "user-approval",
      reason: `Force push rewrites the remote branch. ${await pushReason(input, paths)}`,
    };
  }
  if (mode !== "ask") return "not-applicable";
  if (toolName === "gitPush") return { type: "user-approval", reason: await pushReason(input, paths) };
  if (ASK_TOOLS.has(toolName)) return { type: "user-approval" };
  // A workspace's MCP server is the repository's code: what a call does is up to it.
  if (toolName.startsWith(MCP_TOOL_PREFIX))
    return {
      type: "user-approval",
      reason: `Runs ${toolName}, a tool of the workspace's MCP server: the server's code decides what it does.`,
    };
  if (toolName in FILE_TOOLS) {
    const rule = await fileRule(toolName, (input ?? {}) as Record<string, unknown>, paths);
    if (rule) return { type: "user-approval", reason: `Runs later: ${rule.reason}` };
  }
  return "not-applicable";
}
