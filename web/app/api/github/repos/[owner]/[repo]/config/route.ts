import { repoConfigQuery } from "@/contract/portable-config";
import { inspectRepoConfig } from "@/server/environments/import/inspect";
import { authed, searchParams } from "@/server/http/route";

export const dynamic = "force-dynamic";

/** The repository's flake.nix, .idx/dev.nix and devcontainer.json, found and converted. */
export const GET = authed<{ owner: string; repo: string }>(async (req, user, { owner, repo }) => {
  const { ref } = searchParams(req, repoConfigQuery);
  return inspectRepoConfig(user.id, owner, repo, ref || undefined);
});
