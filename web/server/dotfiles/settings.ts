// The dotfiles setting as the route sees it: the URL is checked against the hosts the server
// clones from (the same check as a workspace's repository) before it is stored.
import type { DotfilesInput, DotfilesSettings } from "../../contract/dotfiles";
import { repoUrlProblem } from "../../contract/repo-url";
import { getDotfilesUrl, setDotfilesUrl } from "../db/dotfiles";
import { fieldError } from "../errors";
import { gitHosts } from "../workspaces/validate";

export async function readDotfiles(userId: string): Promise<DotfilesSettings> {
  return { url: await getDotfilesUrl(userId) };
}

export async function saveDotfiles(userId: string, input: DotfilesInput): Promise<DotfilesSettings> {
  let url: string | null = null;
  if (input.url) {
    const problem = repoUrlProblem(input.url, gitHosts());
    if (problem) throw fieldError("url", problem);
    url = new URL(input.url).toString();
  }
  await setDotfilesUrl(userId, url);
  return { url };
}
