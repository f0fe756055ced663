import { chatBody } from "@/contract/agent";
import { chat } from "@/server/agent/chat";
import { limitChat } from "@/server/http/limits";
import { authed, readJson } from "@/server/http/route";

export const dynamic = "force-dynamic";
// Agent answers run many tool steps; don't let a platform default cut them off.
export const maxDuration = 800;

/** Streams the agent's answer (AI SDK UI message stream). Aborting the request stops the agent. */
export const POST = authed<{ id: string }>(async (req, user, { id }) => {
  limitChat(user.id);
  const body = await readJson(req, chatBody);
  return chat(user, id, body, req.signal);
});
