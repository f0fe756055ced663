// Team templates an administrator makes in the UI: what /api/admin/templates/* accepts and answers,
// and the flake check the server applies and the editor shows while typing. Browser-safe.
import { z } from "zod";
import { extensionIdSchema, MAX_EXTENSIONS } from "./portable-config";
import { MAX_NIX_CONFIG_BYTES, utf8Bytes } from "./workspaces";

/** The same id rule as nix/<id>/ and KALPANA_TEMPLATES_DIR folders: one namespace for all three. */
export const TEMPLATE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
/** "custom" is what a workspace with its own Nix config records as its template. */
export const RESERVED_TEMPLATE_IDS = ["custom"] as const;

/**
 * Why `text` cannot be a template's flake.nix, or null. Not an evaluation (that would run Nix code
 * on the server): the same 64 KiB cap as a custom Nix config, balanced brackets outside strings and
 * comments, an attribute set with `outputs` that names `devShells` (kalpana-env runs
 * `nix print-dev-env` on devShells.<system>.default). A flake passing this can still fail to build;
 * that shows in the workspace's start log like any flake.
 */
export function flakeProblem(text: string): string | null {
  if (!text.trim()) return "flake.nix is empty";
  if (utf8Bytes(text) > MAX_NIX_CONFIG_BYTES) return "flake.nix is larger than 64 KiB";
  const scan = scanNix(text);
  if (typeof scan === "string") return scan;
  if (!scan.code.trimStart().startsWith("{"))
    return "flake.nix must be an attribute set: { inputs = …; outputs = …; }";
  if (!/\boutputs\b/.test(scan.code)) return "flake.nix has no outputs";
  if (!/\bdevShells?\b/.test(scan.code))
    return "flake.nix declares no devShells: Kalpana needs devShells.<system>.default (a pkgs.mkShell)";
  return null;
}

const CLOSE: Record<string, string> = { "}": "{", "]": "[", ")": "(" };

/**
 * The code outside strings and comments (strings become ""), or a message naming the first line
 * where brackets, a string or a comment do not close. Interpolations inside strings are skipped
 * with the string: their brackets balance by construction of a valid string.
 */
function scanNix(text: string): { code: string } | string {
  const stack: { ch: string; line: number }[] = [];
  let code = "";
  let line = 1;
  let i = 0;
  const n = text.length;
  const until = (end: string, what: string, from: number): number | string => {
    const j = text.indexOf(end, i);
    if (j < 0) return `${what} opened on line ${from} is never closed`;
    for (let k = i; k < j; k++) if (text[k] === "\n") line++;
    return j + end.length;
  };
  while (i < n) {
    const c = text[i] as string;
    const start = line;
    if (c === "\n") line++;
    if (c === "#") {
      const j = text.indexOf("\n", i);
      i = j < 0 ? n : j;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const r = until("*/", "a /* comment", start);
      if (typeof r === "string") return r;
      i = r;
      continue;
    }
    if (c === '"') {
      i++;
      for (; i < n && text[i] !== '"'; i++) {
        if (text[i] === "\\") i++;
        if (text[i] === "\n") line++;
      }
      if (i >= n) return `a string opened on line ${start} is never closed`;
      i++;
      code += '""';
      continue;
    }
    if (c === "'" && text[i + 1] === "'") {
      i += 2;
      // '' ends an indented string unless it escapes: ''' , ''$ and ''\ are literal.
      for (;;) {
        if (i >= n) return `a '' string opened on line ${start} is never closed`;
        if (text[i] === "\n") line++;
        if (text[i] === "'" && text[i + 1] === "'") {
          const next = text[i + 2];
          if (next === "'" || next === "$") i += 3;
          else if (next === "\\") i += 4;
          else break;
        } else i++;
      }
      i += 2;
      code += '""';
      continue;
    }
    if (c === "{" || c === "[" || c === "(") stack.push({ ch: c, line });
    const open = CLOSE[c];
    if (open) {
      const top = stack.pop();
      if (!top) return `line ${line}: "${c}" closes nothing`;
      if (top.ch !== open)
        return `line ${line}: "${c}" does not match "${top.ch}" opened on line ${top.line}`;
    }
    code += c;
    i++;
  }
  const left = stack.pop();
  if (left) return `"${left.ch}" opened on line ${left.line} is never closed`;
  return { code };
}

const flakeSchema = z.string().superRefine((s, ctx) => {
  const problem = flakeProblem(s);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** What an administrator edits besides the flake; all of it applies to new workspaces only. */
const metadata = {
  name: z.string().trim().min(1, "name is required").max(40, "name is at most 40 characters"),
  description: z
    .string()
    .trim()
    .min(1, "description is required")
    .max(200, "description is at most 200 characters"),
  /** An emoji or a short icon slug, as in template.json. */
  icon: z.string().trim().min(1, "icon is required").max(24, "icon is at most 24 characters"),
  memoryMb: z.number().int().min(256).max(65536).nullable().default(null),
  cpus: z.number().min(0.25).max(64).nullable().default(null),
  extensions: z.array(extensionIdSchema).max(MAX_EXTENSIONS).default([]),
};

export const createTemplateInput = z
  .object({
    id: z
      .string()
      .regex(
        TEMPLATE_ID_PATTERN,
        "id: lowercase letters, digits and -, at most 32, starting with a letter or digit",
      ),
    ...metadata,
    flake: flakeSchema,
  })
  .strict();
export type CreateTemplateInput = z.infer<typeof createTemplateInput>;

/** An update: the metadata as it should be now; a changed flake becomes the next version. */
export const updateTemplateInput = z.object({ ...metadata, flake: flakeSchema }).strict();
export type UpdateTemplateInput = z.infer<typeof updateTemplateInput>;

export const templateVersionSummarySchema = z.object({
  version: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const templateVersionViewSchema = templateVersionSummarySchema.extend({
  templateId: z.string(),
  flake: z.string(),
});
export type TemplateVersionView = z.infer<typeof templateVersionViewSchema>;

export const adminTemplateViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  icon: z.string(),
  memoryMb: z.number().nullable(),
  cpus: z.number().nullable(),
  extensions: z.array(z.string()),
  currentVersion: z.number().int(),
  createdBy: z.string(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Newest first. */
  versions: z.array(templateVersionSummarySchema),
  /** The current version's flake.nix, for the editor. */
  flake: z.string(),
});
export type AdminTemplateView = z.infer<typeof adminTemplateViewSchema>;

/** POST /api/workspaces/:id/template-version: move a workspace to a newer version of its template. */
export const moveTemplateVersionInput = z.object({ version: z.number().int().min(1) }).strict();
export type MoveTemplateVersionInput = z.infer<typeof moveTemplateVersionInput>;

/** POST /api/admin/templates/:id/archive: archived templates are not offered for new workspaces. */
export const archiveTemplateInput = z.object({ archived: z.boolean() }).strict();
