import { createThreadInput } from "@/contract/agent";
import { createThread, listThreads } from "@/server/agent/threads";
import { authed, readJson } from "@/server/http/route";
import { getOwned } from "@/server/workspaces/store";

export const dynamic = "force-dynamic";

export const GET = authed<{ id: string }>(async (_req, user, { id }) => {
  await getOwned(user.id, id);
  return { threads: await listThreads(id) };
});

export const POST = authed<{ id: string }>(async (req, user, { id }) => {
  await getOwned(user.id, id);
  const input = await readJson(req, createThreadInput);
  return Response.json({ thread: await createThread(id, user.id, input.title) }, { status: 201 });
});
