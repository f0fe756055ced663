import { deleteWorkspaceInput } from "@/contract/workspaces";
import { authed, readJson } from "@/server/http/route";
import { deleteWorkspace } from "@/server/workspaces/lifecycle";
import { getOwned, viewOf } from "@/server/workspaces/store";

export const dynamic = "force-dynamic";

type P = { id: string };

export const GET = authed<P>(async (_req, user, { id }) => ({
  workspace: await viewOf(await getOwned(user.id, id)),
}));

export const DELETE = authed<P>(async (req, user, { id }) => {
  const { confirmName } = await readJson(req, deleteWorkspaceInput);
  await deleteWorkspace(user.id, id, confirmName);
  return { ok: true };
});
