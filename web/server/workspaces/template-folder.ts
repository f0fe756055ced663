// Team templates from a folder (KALPANA_TEMPLATES_DIR): the same layout and schema as the built-ins
// in nix/<id>/, but the folder belongs to the operators, not to this repository, so nothing in it is
// trusted to be well-formed. A bad template is skipped with a problem naming the file; the listing
// never throws. Rules (docs/ENVIRONMENTS.md, "Team templates"):
// - a template is <dir>/<id>/ with template.json + flake.nix (+ flake.lock), id = folder name, [a-z0-9-];
// - an id a built-in already has is refused: a workspace's template id must keep meaning one flake;
// - no symlinks: the folder and its files must be a real directory and regular files, opened with
//   O_NOFOLLOW, so nothing outside the folder is read through a link;
// - template.json, flake.nix and flake.lock together at most 64 KiB (kalpana-env's limit).
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { type Template, templateSchema } from "../../../nix/index";
import { MAX_NIX_CONFIG_BYTES } from "../../contract/workspaces";

/** The files a folder template may carry into the workspace's env folder. */
const ENV_FILES = ["flake.nix", "flake.lock"] as const;
const FOLDER_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

export type FolderTemplate = Template & { files: Record<string, string> };
export type TemplateProblem = { file: string; problem: string };

class Skip extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a regular file without following a symlink in its last component; `budget` is what is left
 * of the template's byte allowance. Returns null when the file does not exist.
 */
function readCapped(file: string, budget: number): string | null {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "ELOOP") throw new Skip(file, "is a symlink (not followed)");
    throw new Skip(file, `cannot be read (${code ?? String(err)})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Skip(file, "is not a regular file");
    if (st.size > budget)
      throw new Skip(file, `too large: the template's files are limited to ${MAX_NIX_CONFIG_BYTES} bytes`);
    // Read at most budget + 1 bytes: a file that grows after fstat is still caught.
    const buf = Buffer.alloc(budget + 1);
    let n = 0;
    for (let r = 1; r > 0 && n < buf.length; n += r) r = readSync(fd, buf, n, buf.length - n, n);
    if (n > budget)
      throw new Skip(file, `too large: the template's files are limited to ${MAX_NIX_CONFIG_BYTES} bytes`);
    return buf.subarray(0, n).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

function readFolderTemplate(tdir: string, builtinIds: ReadonlySet<string>): FolderTemplate {
  const id = path.basename(tdir);
  if (!FOLDER_ID.test(id))
    throw new Skip(tdir, "folder name must be a template id: a-z, 0-9 and -, at most 32");
  const st = lstatSync(tdir);
  if (st.isSymbolicLink()) throw new Skip(tdir, "is a symlink (not followed)");
  if (!st.isDirectory()) throw new Skip(tdir, "is not a folder");
  if (builtinIds.has(id))
    throw new Skip(tdir, `id "${id}" is a built-in template's; pick another folder name`);
  let budget = MAX_NIX_CONFIG_BYTES;
  const manifestFile = path.join(tdir, "template.json");
  const manifest = readCapped(manifestFile, budget);
  if (manifest === null) throw new Skip(manifestFile, "missing");
  budget -= Buffer.byteLength(manifest);
  let json: unknown;
  try {
    json = JSON.parse(manifest);
  } catch (err) {
    throw new Skip(manifestFile, `invalid JSON: ${(err as Error).message}`);
  }
  const parsed = templateSchema.safeParse(json);
  if (!parsed.success) throw new Skip(manifestFile, z.prettifyError(parsed.error).replace(/\n/g, "; "));
  if (parsed.data.id !== id)
    throw new Skip(manifestFile, `id "${parsed.data.id}" must equal the folder name "${id}"`);
  const files: Record<string, string> = {};
  for (const name of ENV_FILES) {
    const content = readCapped(path.join(tdir, name), budget);
    if (content === null) continue;
    budget -= Buffer.byteLength(content);
    files[name] = content;
  }
  if (files["flake.nix"] === undefined) throw new Skip(path.join(tdir, "flake.nix"), "missing");
  return { ...parsed.data, dir: tdir, files };
}

/**
 * Every valid template in `dir`, sorted by id, and the problems of the ones skipped. A missing or
 * unreadable `dir` is one problem, not an error.
 */
export function readTemplateFolder(
  dir: string,
  builtinIds: ReadonlySet<string>,
): { templates: FolderTemplate[]; problems: TemplateProblem[] } {
  const templates: FolderTemplate[] = [];
  const problems: TemplateProblem[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    return {
      templates,
      problems: [
        { file: dir, problem: `cannot list (${(err as NodeJS.ErrnoException).code ?? String(err)})` },
      ],
    };
  }
  for (const name of names.sort()) {
    if (name.startsWith(".")) continue; // editors' and git's own folders
    try {
      templates.push(readFolderTemplate(path.join(dir, name), builtinIds));
    } catch (err) {
      if (err instanceof Skip) problems.push({ file: err.file, problem: err.message });
      else problems.push({ file: path.join(dir, name), problem: String(err) });
    }
  }
  return { templates, problems };
}
