import { authed } from "@/server/http/route";
import { restartWorkspace } from "@/server/workspaces/lifecycle";

export const dynamic = "force-dynamic";

export const POST = authed<{ id: string }>(async (_req, user, { id }) =>
  Response.json({ workspace: await restartWorkspace(user.id, id) }, { status: 202 }),
);
