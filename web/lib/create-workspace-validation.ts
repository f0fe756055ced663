// Client-side checks for the "new workspace" form, as a pure module so node:test can cover it. The
// shapes come from the contract (web/contract); the server stays authoritative (template exists,
// repo host, limits) and the fields its 400 or 409 details name show their message inline.
import type { ImportedConfig } from "../contract/portable-config";
import { repoUrlProblem } from "../contract/repo-url";
import {
  type CreateWorkspaceInput,
  gitRefSchema,
  MAX_NIX_CONFIG_BYTES,
  type NixConfigKind,
  utf8Bytes,
  workspaceNameSchema,
} from "../contract/workspaces";
import { capitalise } from "./capitalise";

export type CreateForm = {
  name: string;
  source: "template" | "custom";
  template: string;
  nixConfig: string;
  nixConfigKind: NixConfigKind;
  repoUrl: string;
  branch: string;
  memoryMb: number;
  cpus: number;
  /** The repository's own config the person chose to start from; it replaces the toolchain. */
  portable?: ImportedConfig | null;
};
const FIELDS = { name: 1, template: 1, nixConfig: 1, repoUrl: 1, branch: 1, memoryMb: 1, cpus: 1 } as const;
export type CreateField = keyof typeof FIELDS;
export type CreateErrors = Partial<Record<CreateField, string>>;
export type CreateResult = { ok: true; input: CreateWorkspaceInput } | { ok: false; errors: CreateErrors };

const firstIssue = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  r.success ? undefined : capitalise(r.error?.issues[0]?.message);

/** Basic "looks like Nix" checks: balanced brackets outside strings/comments, and the right shape. */
export function checkNixConfig(text: string, kind: NixConfigKind): string | undefined {
  if (!text.trim()) return "Paste a flake.nix or shell.nix";
  if (utf8Bytes(text) > MAX_NIX_CONFIG_BYTES)
    return `Nix config is larger than 64 KiB (${utf8Bytes(text)} bytes)`;
  const stack: Array<{ ch: string; line: number }> = [];
  const pairs: Record<string, string> = { "}": "{", "]": "[", ")": "(" };
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") line++;
    else if (c === "#") {
      while (i + 1 < text.length && text[i + 1] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) return `Line ${line}: comment is never closed`;
      line += text.slice(i, end).split("\n").length - 1;
      i = end + 1;
    } else if (c === '"' || (c === "'" && text[i + 1] === "'")) {
      const close = c === '"' ? '"' : "''";
      const start = line;
      let j = i + close.length;
      while (j < text.length && !(text.startsWith(close, j) && text[j - 1] !== "\\")) j++;
      if (j >= text.length) return `Line ${start}: string is never closed`;
      line += text.slice(i, j).split("\n").length - 1;
      i = j + close.length - 1;
    } else if ("{[(".includes(c)) stack.push({ ch: c, line });
    else if (c in pairs) {
      const open = stack.pop();
      if (!open || open.ch !== pairs[c]) return `Line ${line}: unexpected "${c}"`;
    }
  }
  const open = stack.pop();
  if (open) return `Line ${open.line}: "${open.ch}" is never closed`;
  if (kind === "flake" && !/\boutputs\s*=/.test(text)) return "A flake.nix needs an `outputs = …` attribute";
  if (kind === "shell" && !/[{]|\blet\b|\bwith\b|\bimport\b/.test(text))
    return "This does not look like a Nix expression";
  return undefined;
}

/** The shape checks of contract/repo-url.ts; the allowed hosts are the server's to check. */
export const checkRepoUrl = (url: string) => capitalise(repoUrlProblem(url));

export function validateCreateForm(
  f: CreateForm,
  limits = { maxMemoryMb: 65536, maxCpus: 64 },
): CreateResult {
  const errors: CreateErrors = {};
  errors.name = firstIssue(workspaceNameSchema.safeParse(f.name));
  const p = f.portable;
  if (!p && f.source === "template" && !f.template) errors.template = "Choose a template";
  if (!p && f.source === "custom") errors.nixConfig = checkNixConfig(f.nixConfig, f.nixConfigKind);
  const repoUrl = f.repoUrl.trim();
  if (repoUrl) errors.repoUrl = checkRepoUrl(repoUrl);
  const branch = f.branch.trim();
  if (branch) errors.branch = firstIssue(gitRefSchema.safeParse(branch));
  if (branch && !repoUrl) errors.branch = "A branch needs a repository";
  if (!Number.isInteger(f.memoryMb) || f.memoryMb < 256 || f.memoryMb > limits.maxMemoryMb)
    errors.memoryMb = `Memory must be 256–${limits.maxMemoryMb} MB`;
  if (!Number.isFinite(f.cpus) || f.cpus < 0.25 || f.cpus > limits.maxCpus)
    errors.cpus = `CPUs must be 0.25–${limits.maxCpus}`;
  for (const k of Object.keys(errors) as CreateField[]) if (!errors[k]) delete errors[k];
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name: f.name.trim(),
      ...(p
        ? { nixConfig: p.nixConfig, nixConfigKind: p.nixConfigKind, setup: p.setup, env: p.env }
        : f.source === "template"
          ? { template: f.template }
          : { nixConfig: f.nixConfig, nixConfigKind: f.nixConfigKind }),
      ...(repoUrl ? { repoUrl } : {}),
      ...(branch ? { branch } : {}),
      memoryMb: f.memoryMb,
      cpus: f.cpus,
    },
  };
}

/**
 * The server's refusal as form errors (`ApiError.fields`): each field its details name shows its
 * message beside that field; an error that names no field belongs to the whole form.
 */
export function serverErrors(
  fields: Record<string, string>,
  message: string,
): CreateErrors & { form?: string } {
  const errors: CreateErrors & { form?: string } = {};
  for (const [field, text] of Object.entries(fields)) {
    // nixConfigKind has no control of its own: the editor shows it.
    const key = field === "nixConfigKind" ? "nixConfig" : field;
    if (key in FIELDS && !errors[key as CreateField]) errors[key as CreateField] = text;
  }
  return Object.keys(errors).length ? errors : { form: message };
}
