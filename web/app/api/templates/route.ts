import { authed } from "@/server/http/route";
import { listTemplates } from "@/server/workspaces/templates";

export const dynamic = "force-dynamic";

export const GET = authed(async () => ({ templates: await listTemplates() }));
