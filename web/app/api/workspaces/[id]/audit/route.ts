import { z } from "zod";
import { listAudit } from "@/server/agent/audit";
import { authed, searchParams } from "@/server/http/route";
import { getOwned } from "@/server/workspaces/store";

export const dynamic = "force-dynamic";

const query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** The workspace's audit trail, newest first. */
export const GET = authed<{ id: string }>(async (req, user, { id }) => {
  await getOwned(user.id, id);
  const { limit } = searchParams(req, query);
  return { events: await listAudit(id, limit) };
});
