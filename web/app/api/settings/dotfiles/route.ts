import { dotfilesInput } from "@/contract/dotfiles";
import { readDotfiles, saveDotfiles } from "@/server/dotfiles/settings";
import { authed, readJson } from "@/server/http/route";

export const dynamic = "force-dynamic";

/** The person's dotfiles repository (null when none). */
export const GET = authed(async (_req, user) => readDotfiles(user.id));

/** Sets (or with null clears) the repository; workspaces started for the first time from now use it. */
export const PUT = authed(async (req, user) => saveDotfiles(user.id, await readJson(req, dotfilesInput)));
