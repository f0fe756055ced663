import { authed } from "@/server/http/route";
import { listWorkspacePorts } from "@/server/workspaces/ports";

export const dynamic = "force-dynamic";

/** TCP ports listening inside the workspace, each with the app URL that opens its preview. */
export const GET = authed<{ id: string }>(async (_req, user, { id }) => ({
  ports: await listWorkspacePorts(user.id, id),
}));
