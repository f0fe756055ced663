import { repoSearchQuery } from "@/contract/github";
import { listRepos } from "@/server/github/github";
import { authed, searchParams } from "@/server/http/route";

export const dynamic = "force-dynamic";

export const GET = authed(async (req, user) => {
  const { q } = searchParams(req, repoSearchQuery);
  return listRepos(user.id, q);
});
