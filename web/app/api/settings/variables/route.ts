import { listUserVariables } from "@/server/env-vars/variables";
import { authed } from "@/server/http/route";

export const dynamic = "force-dynamic";

/** The person's variables for all their workspaces; secrets come back as set, never as values. */
export const GET = authed(async (_req, user) => listUserVariables(user.id));
