// Server-side input checks the shape schema cannot do: the template exists, the repository is on
// the configured GitHub host, and the limits respect the server's maximums.
import { config } from "../config";
import { AppError } from "../errors";
import type { CreateWorkspaceInput } from "./schema";
import { getTemplate } from "./templates";

/** Hosts allowed for clones: the configured GitHub plus (tests only) KALPANA_ALLOWED_GIT_HOSTS. */
export function allowedGitHosts(): string[] {
  const extra = config()
    .KALPANA_ALLOWED_GIT_HOSTS.split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return [new URL(config().GITHUB_URL).host.toLowerCase(), ...extra];
}

export function checkRepoUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("invalid_argument", "repoUrl: not a valid URL");
  }
  const github = new URL(config().GITHUB_URL);
  const extra = allowedGitHosts().slice(1);
  const onGithub = url.host.toLowerCase() === github.host.toLowerCase() && url.protocol === github.protocol;
  const onExtra = extra.includes(url.host.toLowerCase()) && /^https?:$/.test(url.protocol);
  if (!onGithub && !onExtra) {
    throw new AppError("invalid_argument", `repoUrl: only repositories on ${github.host} can be cloned`);
  }
  if (url.username || url.password) {
    throw new AppError("invalid_argument", "repoUrl: must not contain credentials");
  }
  if (url.search || url.hash || !/^\/[^/]+\/[^/]+?\/?$/.test(url.pathname)) {
    throw new AppError("invalid_argument", "repoUrl: expected https://<host>/<owner>/<repo>");
  }
  return url.toString();
}

export type ResolvedCreate = CreateWorkspaceInput & { template: string; memoryMb: number; cpus: number };

export function resolveCreateInput(input: CreateWorkspaceInput): ResolvedCreate {
  const c = config();
  const templateId = input.template ?? "custom";
  const template = input.template ? getTemplate(input.template) : null;
  if (input.template && !template)
    throw new AppError("invalid_argument", `template: unknown template "${input.template}"`);
  const memoryMb = input.memoryMb ?? template?.resources?.memoryMb ?? c.KALPANA_WORKSPACE_MEMORY_MB;
  const cpus = input.cpus ?? template?.resources?.cpus ?? c.KALPANA_WORKSPACE_CPUS;
  // The server's settings (or the template's larger needs) are the ceiling; asking for less is fine.
  const maxMemory = Math.max(c.KALPANA_WORKSPACE_MEMORY_MB, template?.resources?.memoryMb ?? 0);
  const maxCpus = Math.max(c.KALPANA_WORKSPACE_CPUS, template?.resources?.cpus ?? 0);
  if (memoryMb > maxMemory) throw new AppError("invalid_argument", `memoryMb: at most ${maxMemory} MiB`);
  if (cpus > maxCpus) throw new AppError("invalid_argument", `cpus: at most ${maxCpus}`);
  return {
    ...input,
    template: templateId,
    repoUrl: input.repoUrl ? checkRepoUrl(input.repoUrl) : undefined,
    memoryMb,
    cpus,
  };
}
