import { listWorkspaceVariables } from "@/server/env-vars/variables";
import { authed } from "@/server/http/route";

export const dynamic = "force-dynamic";

/** The workspace's own variables and the person's it inherits; secrets never come back as values. */
export const GET = authed<{ id: string }>(async (_req, user, { id }) => listWorkspaceVariables(user.id, id));
