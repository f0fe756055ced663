// The person's VS Code, as the control plane sees it (issue 15.1): the image's extension reports
// the active file, selection and diagnostics to the bridge, the workspace's shared bridge client
// receives every report and publishes it as `workspace:editor` to the workspace's room (the
// panel's chips); commands go the other way (open a file at a line, show an edit as a diff)
// without reloading the workbench. Everything in a report comes from the workspace: the bridge
// client validated it against the protocol's caps; it reaches the model only as delimited data.
import type { BridgeClient } from "@kalpana/bridge/client";
import type { EditorCommand } from "@kalpana/bridge/protocol";
import type { EditorCommandInput, EditorCommandView, EditorContextView } from "../../contract/editor";
import { AppError } from "../errors";
import { logger } from "../log/log";
import { sharedBridge } from "./bridge";
import { publishWorkspaceEvent } from "./events";
import { getOwned } from "./store";

const log = logger("editor");

/**
 * A workspace tab came to the front: make sure the shared client is connected (it receives the
 * pushes from then on) and publish the current report, so the chips are right without waiting for
 * the next selection. A workspace that is not running (or a bridge that does not answer) is no error.
 */
export async function watchEditor(workspaceId: string): Promise<void> {
  try {
    const bridge = await sharedBridge(workspaceId);
    const context: EditorContextView | null = await bridge.editor.context({});
    publishWorkspaceEvent(workspaceId, "workspace:editor", { id: workspaceId, context });
  } catch (err) {
    log.debug({ workspaceId, err: (err as Error).message }, "no editor context");
  }
}

/** The file as it was before the agent's editFile, from the file as it is now; null: it changed since. */
export function beforeEdit(now: string, oldString: string, newString: string): string | null {
  if (!newString) return null; // a pure deletion leaves nothing to find
  const parts = now.split(newString);
  return parts.length > 1 ? parts.join(oldString) : null;
}

async function commandFor(bridge: BridgeClient, input: EditorCommandInput): Promise<EditorCommand> {
  if (input.action === "open") return input;
  const file = await bridge.fs.read({ path: input.path, maxBytes: 2 * 1024 * 1024 }).catch(() => {
    throw new AppError("not_found", `${input.path} is not in the workspace any more.`);
  });
  const before = beforeEdit(file.content, input.oldString, input.newString);
  if (before === null) {
    throw new AppError("conflict", `${input.path} changed since the agent's edit: open the file instead.`);
  }
  return { action: "diff", path: input.path, before, title: `${input.path} (agent's edit)` };
}

/** POST /api/workspaces/<id>/editor: carries a command to the person's VS Code. */
export async function sendEditorCommand(
  userId: string,
  workspaceId: string,
  input: EditorCommandInput,
): Promise<EditorCommandView> {
  const w = await getOwned(userId, workspaceId);
  if (w.status !== "RUNNING") throw new AppError("conflict", "The workspace is not running.");
  const bridge = await sharedBridge(workspaceId).catch(() => {
    throw new AppError("unavailable", "The workspace's bridge is not reachable.");
  });
  const command = await commandFor(bridge, input);
  return bridge.editor.command({ command });
}
