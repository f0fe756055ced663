import { z } from "zod";
import { listRepos } from "@/server/github/github";
import { authed, searchParams } from "@/server/http/route";

export const dynamic = "force-dynamic";

export const GET = authed(async (req, user) => {
  const { q } = searchParams(req, z.object({ q: z.string().max(200).default("") }));
  return listRepos(user.id, q);
});
