import { undoInput } from "@/contract/agent";
import { previewUndo, undoTurn } from "@/server/agent/undo";
import { authed, readJson } from "@/server/http/route";

export const dynamic = "force-dynamic";
type P = { id: string; threadId: string; messageId: string };

/** Preview: the files this answer changed (added/modified/deleted) and which changed since. */
export const GET = authed<P>(async (_req, user, { id, threadId, messageId }) =>
  previewUndo(user.id, id, threadId, messageId),
);

/** Restores the files this answer changed; files changed since are kept unless `force`. */
export const POST = authed<P>(async (req, user, { id, threadId, messageId }) => {
  const { force } = await readJson(req, undoInput);
  return undoTurn(user.id, id, threadId, messageId, force);
});
