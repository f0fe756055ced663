import { createWorkspaceInput } from "@/contract/workspaces";
import { limitCreate } from "@/server/http/limits";
import { authed, readJson } from "@/server/http/route";
import { createWorkspace, listWorkspaces } from "@/server/workspaces/lifecycle";

export const dynamic = "force-dynamic";

export const GET = authed(async (_req, user) => ({ workspaces: await listWorkspaces(user.id) }));

export const POST = authed(async (req, user) => {
  limitCreate(user.id);
  const input = await readJson(req, createWorkspaceInput);
  const workspace = await createWorkspace(user.id, input);
  return Response.json({ workspace }, { status: 201 });
});
