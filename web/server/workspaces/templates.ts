// Workspace templates: the built-ins in nix/<id>/ (nix/index.ts owns their schema) and the team's
// in KALPANA_TEMPLATES_DIR (template-folder.ts); this module merges them and adapts them to the API's
// view. Both are read from disk on each call, no cache: there are few, they are small, and a folder
// added or edited shows up on the next request without a restart.
import path from "node:path";
import {
  templateFiles as readTemplateFiles,
  listTemplates as readTemplates,
  type Template,
} from "../../../nix/index";
import { type TemplateView, templateViewSchema } from "../../contract/workspaces";
import { config } from "../config";
import { logger } from "../log/log";
import { repoRoot } from "../paths";
import { readTemplateFolder, type TemplateProblem } from "./template-folder";

const nixDir = path.join(repoRoot, "nix");
const log = logger("templates");

type Entry = { template: Template; files: () => Record<string, string> };

// A skipped folder template is logged once per distinct problem, not on every request; a fixed one
// leaves the set, so it is logged again if it breaks again.
let logged = new Set<string>();
function report(problems: TemplateProblem[]): void {
  const now = new Set(problems.map((p) => `${p.file}: ${p.problem}`));
  for (const line of now)
    if (!logged.has(line)) log.warn({ problem: line }, `team template skipped: ${line}`);
  logged = now;
}

function all(): Entry[] {
  const builtins: Entry[] = readTemplates(nixDir).map((t) => ({
    template: t,
    files: () => readTemplateFiles(t),
  }));
  const dir = config().KALPANA_TEMPLATES_DIR;
  if (!dir) return builtins;
  const { templates, problems } = readTemplateFolder(dir, new Set(builtins.map((b) => b.template.id)));
  report(problems);
  const team: Entry[] = templates.map(({ files, ...t }) => ({ template: t, files: () => files }));
  return [...builtins, ...team];
}

// The view drops what the browser has no use for (the server-side folder, extension ids).
const toView = (t: Template): TemplateView => templateViewSchema.parse(t);

export function listTemplates(): TemplateView[] {
  return all().map((e) => toView(e.template));
}

export function getTemplate(id: string): TemplateView | null {
  const e = all().find((x) => x.template.id === id);
  return e ? toView(e.template) : null;
}

/** The VS Code extensions a template names (installed at the workspace's first start). */
export function templateExtensions(id: string): string[] {
  return all().find((x) => x.template.id === id)?.template.extensions ?? [];
}

/** The files to copy into the workspace's Nix env folder (flake.nix and flake.lock if present). */
export function templateFiles(id: string): { name: string; content: string }[] {
  const e = all().find((x) => x.template.id === id);
  return e ? Object.entries(e.files()).map(([name, content]) => ({ name, content })) : [];
}
