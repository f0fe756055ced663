// Workspace templates: the built-ins in nix/<id>/ (nix/index.ts owns their schema), the team's in
// KALPANA_TEMPLATES_DIR (template-folder.ts) and the ones administrators made in the UI (the
// Template table, web/server/templates/); this module merges them and adapts them to the API's view.
// All three share one id namespace: a built-in id cannot be taken by a folder or an admin template,
// and a folder template whose id an admin template already has is skipped (the admin one was
// checked against the folder when it was made). Disk and database are read on each call, no
// cache: there are few templates, and an edit shows up on the next request in every web process.
import path from "node:path";
import {
  templateFiles as readTemplateFiles,
  listTemplates as readTemplates,
  type Template,
} from "../../../nix/index";
import { RESERVED_TEMPLATE_IDS } from "../../contract/templates";
import { type TemplateView, templateViewSchema } from "../../contract/workspaces";
import { config } from "../config";
import { findTemplateRow, findTemplateVersion, listTemplateRows, type TemplateRow } from "../db/templates";
import { logger } from "../log/log";
import { repoRoot } from "../paths";
import { readTemplateFolder, type TemplateProblem } from "./template-folder";

const nixDir = path.join(repoRoot, "nix");
const log = logger("templates");

type Entry = { template: Template; files: () => Record<string, string> };
type EnvFile = { name: string; content: string };

// A skipped folder template is logged once per distinct problem, not on every request; a fixed one
// leaves the set, so it is logged again if it breaks again.
let logged = new Set<string>();
function report(problems: TemplateProblem[]): void {
  const now = new Set(problems.map((p) => `${p.file}: ${p.problem}`));
  for (const line of now)
    if (!logged.has(line)) log.warn({ problem: line }, `team template skipped: ${line}`);
  logged = now;
}

/** Built-in and folder templates; folder ones whose id is in `taken` are skipped. */
function fileEntries(taken: ReadonlySet<string> = new Set()): Entry[] {
  const builtins: Entry[] = readTemplates(nixDir).map((t) => ({
    template: t,
    files: () => readTemplateFiles(t),
  }));
  const dir = config().KALPANA_TEMPLATES_DIR;
  if (!dir) return builtins;
  const { templates, problems } = readTemplateFolder(dir, new Set(builtins.map((b) => b.template.id)));
  const team: Entry[] = [];
  for (const { files, ...t } of templates) {
    if (taken.has(t.id))
      problems.push({
        file: t.dir,
        problem: `id "${t.id}" is an admin template's; pick another folder name`,
      });
    else team.push({ template: t, files: () => files });
  }
  report(problems);
  return [...builtins, ...team];
}

/** Ids an admin template may not take: built-in, folder and reserved ones. */
export function fileTemplateIds(): Set<string> {
  return new Set([...fileEntries().map((e) => e.template.id), ...RESERVED_TEMPLATE_IDS]);
}

// The view drops what the browser has no use for (the server-side folder, extension ids).
const toView = (t: Template): TemplateView => templateViewSchema.parse(t);

function adminView(t: TemplateRow): TemplateView {
  const resources = {
    ...(t.memoryMb !== null ? { memoryMb: t.memoryMb } : {}),
    ...(t.cpus !== null ? { cpus: t.cpus } : {}),
  };
  return templateViewSchema.parse({
    id: t.id,
    name: t.name,
    description: t.description,
    icon: t.icon,
    resources: Object.keys(resources).length ? resources : undefined,
    version: t.currentVersion,
  });
}

/** What the create form offers: built-in, folder and (not archived) admin templates. */
export async function listTemplates(): Promise<TemplateView[]> {
  const admin = await listTemplateRows();
  const files = fileEntries(new Set(admin.map((t) => t.id)));
  return [...files.map((e) => toView(e.template)), ...admin.map(adminView)];
}

/** A template a new workspace may be made from (an archived admin template is not), with its version. */
export async function getTemplate(id: string): Promise<TemplateView | null> {
  const row = await findTemplateRow(id);
  if (row) return row.archivedAt ? null : adminView(row);
  const e = fileEntries().find((x) => x.template.id === id);
  return e ? toView(e.template) : null;
}

/** The VS Code extensions a template names (installed at the workspace's first start). */
export async function templateExtensions(id: string): Promise<string[]> {
  const row = await findTemplateRow(id);
  if (row) return row.extensions;
  return fileEntries().find((x) => x.template.id === id)?.template.extensions ?? [];
}

/**
 * The files to copy into the workspace's Nix env folder: flake.nix (and flake.lock if present). With
 * a `version`, that version of an admin template (what a workspace made from it records); without,
 * the template's current files.
 */
export async function templateFiles(id: string, version?: number | null): Promise<EnvFile[]> {
  if (version == null) {
    const row = await findTemplateRow(id);
    if (row) version = row.currentVersion;
  }
  if (version != null) {
    const v = await findTemplateVersion(id, version);
    return v ? [{ name: "flake.nix", content: v.flake }] : [];
  }
  const e = fileEntries().find((x) => x.template.id === id);
  return e ? Object.entries(e.files()).map(([name, content]) => ({ name, content })) : [];
}
