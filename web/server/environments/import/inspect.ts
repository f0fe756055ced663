// Inspects a repository for portable configs before anything is cloned: the three files are read
// through the GitHub contents API (web/server/github), each capped at 64 KiB, and converted. A file
// that is missing is just absent; one that is too large, a symlink or unreadable is a problem the
// form shows. The result is validated against the contract before it leaves the server.

import {
  CONFIG_PATHS,
  CONFIG_SOURCES,
  type ConfigSource,
  type ImportedConfig,
  MAX_CONFIG_FILE_BYTES,
  type RepoConfig,
  repoConfigSchema,
} from "../../../contract/portable-config";
import { gitRefSchema } from "../../../contract/workspaces";
import { AppError, fieldError } from "../../errors";
import { repoFile } from "../../github/github";
import { logger } from "../../log/log";
import { convertDevNix } from "./dev-nix";
import { convertDevcontainer } from "./devcontainer";
import { convertFlake } from "./flake";

const log = logger("environments");

export const CONVERTERS: Record<ConfigSource, (text: string) => ImportedConfig> = {
  flake: convertFlake,
  "dev.nix": convertDevNix,
  devcontainer: convertDevcontainer,
};

export async function inspectRepoConfig(
  userId: string,
  owner: string,
  repo: string,
  ref: string | undefined,
): Promise<RepoConfig> {
  if (ref !== undefined && !gitRefSchema.safeParse(ref).success && !/^[0-9a-f]{40}$/.test(ref))
    throw fieldError("ref", "not a valid git branch name");
  const files = await Promise.all(
    CONFIG_SOURCES.map((s) => repoFile(userId, owner, repo, CONFIG_PATHS[s], ref, MAX_CONFIG_FILE_BYTES)),
  );
  const result: RepoConfig = {
    found: { flake: false, "dev.nix": false, devcontainer: false },
    configs: [],
    problems: [],
  };
  for (const [i, source] of CONFIG_SOURCES.entries()) {
    const file = files[i];
    const path = CONFIG_PATHS[source];
    if (!file || file.state === "absent") continue;
    result.found[source] = true;
    if (file.state === "too-large") {
      result.problems.push({ path, problem: `larger than ${MAX_CONFIG_FILE_BYTES / 1024} KiB: not read` });
      continue;
    }
    if (file.state === "not-a-file") {
      result.problems.push({ path, problem: `a ${file.type}, not a file: not followed` });
      continue;
    }
    try {
      result.configs.push(CONVERTERS[source](file.text));
    } catch (err) {
      // Converters throw only their own readable errors; anything else is a bug worth a log line.
      if (!(err instanceof Error) || err instanceof AppError) throw err;
      if (err.constructor === Error) log.error({ err, path }, "config conversion failed");
      result.problems.push({ path, problem: err.message.slice(0, 300) });
    }
  }
  return repoConfigSchema.parse(result);
}
