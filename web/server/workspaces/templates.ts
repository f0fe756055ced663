// Workspace templates: nix/<id>/template.json (+ flake.nix). Read from disk on each call: there are
// few, they are small, and edits show up without a restart.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../paths";
import { type TemplateView, templateViewSchema } from "./schema";

const nixDir = () => process.env.KALPANA_NIX_DIR ?? path.join(repoRoot, "nix");
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function listTemplates(): TemplateView[] {
  const dir = nixDir();
  if (!existsSync(dir)) return [];
  const out: TemplateView[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && ID.test(e.name)) {
      const t = getTemplate(e.name);
      if (t) out.push(t);
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export function getTemplate(id: string): TemplateView | null {
  if (!ID.test(id)) return null;
  const file = path.join(nixDir(), id, "template.json");
  if (!existsSync(file)) return null;
  try {
    const parsed = templateViewSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.success ? { ...parsed.data, id } : null;
  } catch {
    return null;
  }
}

/** The files to copy into the workspace's Nix env folder (flake.nix and flake.lock if present). */
export function templateFiles(id: string): { name: string; content: string }[] {
  const dir = path.join(nixDir(), id);
  return ["flake.nix", "flake.lock"]
    .filter((f) => existsSync(path.join(dir, f)))
    .map((name) => ({ name, content: readFileSync(path.join(dir, name), "utf8") }));
}
