import { authed } from "@/server/http/route";

export const dynamic = "force-dynamic";

export const GET = authed(async (_req, user) => ({ user }));
