import { z } from "zod";
import { createThread, listThreads } from "@/server/agent/threads";
import { authed, readJson } from "@/server/http/route";
import { getOwned } from "@/server/workspaces/store";

export const dynamic = "force-dynamic";

export const GET = authed<{ id: string }>(async (_req, user, { id }) => {
  await getOwned(user.id, id);
  return { threads: await listThreads(id) };
});

const createInput = z.object({ title: z.string().trim().min(1).max(120).optional() });

export const POST = authed<{ id: string }>(async (req, user, { id }) => {
  await getOwned(user.id, id);
  const input = await readJson(req, createInput);
  return Response.json({ thread: await createThread(id, user.id, input.title) }, { status: 201 });
});
