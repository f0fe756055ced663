import { listBranches } from "@/server/github/github";
import { authed } from "@/server/http/route";

export const dynamic = "force-dynamic";

export const GET = authed<{ owner: string; repo: string }>(async (_req, user, { owner, repo }) => ({
  branches: await listBranches(user.id, owner, repo),
}));
