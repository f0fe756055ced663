import { auditQuery } from "@/contract/agent";
import { listAudit } from "@/server/agent/audit";
import { authed, searchParams } from "@/server/http/route";
import { getOwned } from "@/server/workspaces/store";

export const dynamic = "force-dynamic";

/** The workspace's audit trail, newest first. */
export const GET = authed<{ id: string }>(async (req, user, { id }) => {
  await getOwned(user.id, id);
  const { limit } = searchParams(req, auditQuery);
  return { events: await listAudit(id, limit) };
});
