// Workspace templates live in nix/<id>/ and nix/index.ts owns their schema; this module adapts them
// to the API's view. Read from disk on each call: there are few, they are small, and edits show up
// without a restart.
import path from "node:path";
import {
  templateFiles as readTemplateFiles,
  listTemplates as readTemplates,
  type Template,
} from "../../../nix/index";
import { type TemplateView, templateViewSchema } from "../../contract/workspaces";
import { repoRoot } from "../paths";

const nixDir = path.join(repoRoot, "nix");

const all = (): Template[] => readTemplates(nixDir);

// The view drops what the browser has no use for (the server-side folder, extension ids).
const toView = (t: Template): TemplateView => templateViewSchema.parse(t);

export function listTemplates(): TemplateView[] {
  return all().map(toView);
}

export function getTemplate(id: string): TemplateView | null {
  const t = all().find((x) => x.id === id);
  return t ? toView(t) : null;
}

/** The files to copy into the workspace's Nix env folder (flake.nix and flake.lock if present). */
export function templateFiles(id: string): { name: string; content: string }[] {
  const t = all().find((x) => x.id === id);
  return t ? Object.entries(readTemplateFiles(t)).map(([name, content]) => ({ name, content })) : [];
}
