import { authed } from "@/server/http/route";
import { readStartReport } from "@/server/workspaces/state";
import { getOwned } from "@/server/workspaces/store";

export const dynamic = "force-dynamic";

export const GET = authed<{ id: string }>(async (_req, user, { id }) => ({
  phases: await readStartReport(await getOwned(user.id, id)),
}));
