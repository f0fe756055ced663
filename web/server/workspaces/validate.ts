// Server-side input checks the shape schema cannot do: the template exists, the repository is on
// the configured GitHub host, and the limits respect the server's maximums.
import { type RepoHosts, repoUrlProblem } from "../../contract/repo-url";
import type { CreateWorkspaceInput } from "../../contract/workspaces";
import { config } from "../config";
import { fieldError } from "../errors";
import { getTemplate } from "./templates";

/** Hosts for clones and token-bearing pushes: the configured GitHub, plus KALPANA_ALLOWED_GIT_HOSTS (tests). */
export function gitHosts(): RepoHosts {
  const c = config();
  const extraHosts = c.KALPANA_ALLOWED_GIT_HOSTS.split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return { github: c.GITHUB_URL, extraHosts };
}

/** The URL, normalised, when the configured hosts allow cloning it (contract/repo-url.ts). */
export function checkRepoUrl(raw: string): string {
  const problem = repoUrlProblem(raw, gitHosts());
  if (problem) throw fieldError("repoUrl", problem);
  return new URL(raw.trim()).toString();
}

export type ResolvedCreate = CreateWorkspaceInput & {
  template: string;
  /** The admin template's current version; null for built-in, folder and custom ones. */
  templateVersion: number | null;
  memoryMb: number;
  cpus: number;
};

export async function resolveCreateInput(input: CreateWorkspaceInput): Promise<ResolvedCreate> {
  const c = config();
  const templateId = input.template ?? "custom";
  const template = input.template ? await getTemplate(input.template) : null;
  if (input.template && !template) throw fieldError("template", `unknown template "${input.template}"`);
  const memoryMb = input.memoryMb ?? template?.resources?.memoryMb ?? c.KALPANA_WORKSPACE_MEMORY_MB;
  const cpus = input.cpus ?? template?.resources?.cpus ?? c.KALPANA_WORKSPACE_CPUS;
  // The server's settings (or the template's larger needs) are the ceiling; asking for less is fine.
  const maxMemory = Math.max(c.KALPANA_WORKSPACE_MEMORY_MB, template?.resources?.memoryMb ?? 0);
  const maxCpus = Math.max(c.KALPANA_WORKSPACE_CPUS, template?.resources?.cpus ?? 0);
  if (memoryMb > maxMemory) throw fieldError("memoryMb", `at most ${maxMemory} MiB`);
  if (cpus > maxCpus) throw fieldError("cpus", `at most ${maxCpus}`);
  return {
    ...input,
    template: templateId,
    templateVersion: template?.version ?? null,
    repoUrl: input.repoUrl ? checkRepoUrl(input.repoUrl) : undefined,
    memoryMb,
    cpus,
  };
}
