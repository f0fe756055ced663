import { updateThreadInput } from "@/contract/agent";
import { requireAllowedModel } from "@/server/agent/models";
import { deleteThread, getThread, loadMessages, updateThread } from "@/server/agent/threads";
import { authed, readJson } from "@/server/http/route";
import { getOwned } from "@/server/workspaces/store";

export const dynamic = "force-dynamic";
type P = { id: string; threadId: string };

/** The thread and its stored messages (UI message parts), oldest first. */
export const GET = authed<P>(async (_req, user, { id, threadId }) => {
  await getOwned(user.id, id);
  return { thread: await getThread(id, threadId), messages: await loadMessages(threadId) };
});

export const PATCH = authed<P>(async (req, user, { id, threadId }) => {
  await getOwned(user.id, id);
  const patch = await readJson(req, updateThreadInput);
  if (patch.model) requireAllowedModel(patch.model);
  return { thread: await updateThread(id, threadId, patch) };
});

export const DELETE = authed<P>(async (_req, user, { id, threadId }) => {
  await getOwned(user.id, id);
  await deleteThread(id, threadId);
  return { ok: true };
});
