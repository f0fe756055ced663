// Undo of one answer's file changes: preview (what would be restored, what conflicts) and restore.
// The checkpoint names come from the STORED answer (the browser cannot name another checkpoint),
// and only the workspace's owner reaches it (someone else's workspace answers 404).
import type { BridgeClient } from "@kalpana/bridge/client";
import { AppError } from "../errors";
import { sharedBridge } from "../workspaces/bridge";
import { getOwned } from "../workspaces/store";
import { undoable } from "./checkpoints";
import { getThread, loadMessages, saveMessage } from "./threads";

async function turnOf(userId: string, workspaceId: string, threadId: string, messageId: string) {
  const w = await getOwned(userId, workspaceId);
  const thread = await getThread(workspaceId, threadId);
  const message = (await loadMessages(thread.id)).find((m) => m.id === messageId);
  if (!message) throw new AppError("not_found", "That answer is no longer stored.");
  const pair = undoable(message);
  if (!pair) throw new AppError("conflict", "This answer changed no files that can be restored.");
  if (w.status !== "RUNNING") throw new AppError("conflict", "Start the workspace to undo changes.");
  const bridge: BridgeClient = await sharedBridge(workspaceId).catch(() => {
    throw new AppError(
      "unavailable",
      "The workspace's bridge is not reachable. Restart the workspace, then retry.",
    );
  });
  return { thread, message, pair, bridge };
}

/** A bridge failure as the person should read it: a pruned checkpoint is "too old to undo". */
function bridgeFailure(e: unknown): never {
  const code = (e as { code?: string }).code;
  if (code === "ENOENT")
    throw new AppError("conflict", "This answer is too old to undo: its checkpoint was cleaned up.");
  if (code === "ETOOLARGE") throw new AppError("conflict", (e as Error).message);
  throw e;
}

export async function previewUndo(userId: string, workspaceId: string, threadId: string, messageId: string) {
  const { pair, bridge } = await turnOf(userId, workspaceId, threadId, messageId);
  return bridge.checkpoint.diff(pair).catch(bridgeFailure);
}

export async function undoTurn(
  userId: string,
  workspaceId: string,
  threadId: string,
  messageId: string,
  force: boolean,
) {
  const { thread, message, pair, bridge } = await turnOf(userId, workspaceId, threadId, messageId);
  const r = await bridge.checkpoint.restore({ ...pair, force }).catch(bridgeFailure);
  const checkpoint = { ...message.metadata?.checkpoint, undoneAt: Date.now() };
  await saveMessage(thread.id, { ...message, metadata: { ...message.metadata, checkpoint } });
  return r;
}
