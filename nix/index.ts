// Workspace templates: one folder per template with flake.nix + template.json. The web app
// lists them for the "new workspace" form and copies a template's files into the
// container's env folder (/home/coder/.kalpana/env) before the first start.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const NIX_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Folders here that are not templates. */
const NOT_TEMPLATES = new Set(["stub", "node_modules"]);

export const templateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "lowercase slug"),
    name: z.string().min(1).max(40),
    description: z.string().min(1).max(200),
    /** An emoji or a short icon slug the UI maps to an icon. */
    icon: z.string().min(1).max(24),
    /** Commands whose output proves the toolchain is there (shown in the UI, run by tests). */
    tools: z.array(z.object({ name: z.string().min(1), command: z.string().min(1) }).strict()).min(1),
    previewPorts: z.array(z.number().int().min(1).max(65535)),
    /** VS Code extension ids (publisher.name), installed from Open VSX where reachable. */
    extensions: z.array(z.string().regex(/^[\w-]+\.[\w.-]+$/, "publisher.name")),
    /** Overrides of the default workspace limits. */
    resources: z
      .object({ memoryMb: z.number().int().min(256).optional(), cpus: z.number().positive().optional() })
      .strict()
      .optional(),
  })
  .strict();

export type TemplateManifest = z.infer<typeof templateSchema>;

export interface Template extends TemplateManifest {
  /** Absolute path of the template folder. */
  dir: string;
}

/** Reads and validates every template; throws on the first invalid one (a repo bug). */
export function listTemplates(dir: string = NIX_DIR): Template[] {
  const out: Template[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || NOT_TEMPLATES.has(e.name) || e.name.startsWith(".")) continue;
    const tdir = path.join(dir, e.name);
    if (!existsSync(path.join(tdir, "template.json"))) continue;
    out.push(readTemplate(tdir));
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

export function readTemplate(tdir: string): Template {
  const file = path.join(tdir, "template.json");
  const parsed = templateSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  if (parsed.data.id !== path.basename(tdir)) throw new Error(`${file}: id must equal the folder name`);
  if (!existsSync(path.join(tdir, "flake.nix"))) throw new Error(`${tdir}: flake.nix missing`);
  return { ...parsed.data, dir: tdir };
}

/**
 * The files to put into the container's env folder for this template: flake.nix and, when
 * pinned, flake.lock. Keys are file names, values their contents.
 */
export function templateFiles(template: Template): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ["flake.nix", "flake.lock"]) {
    const p = path.join(template.dir, name);
    if (existsSync(p)) files[name] = readFileSync(p, "utf8");
  }
  return files;
}
