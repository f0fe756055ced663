// Assembles each image's build context in a temp dir and hashes exactly what Docker will
// see, so the image tag changes iff an input changes (Dockerfile, files, CAs, bridge bundle).
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface Context {
  dir: string;
  hash: string;
}

/** Locally added CAs of the build host: what a TLS-intercepting proxy needs trusted. */
const HOST_CA_DIR = process.env.KALPANA_HOST_CA_DIR ?? "/usr/local/share/ca-certificates";

function walk(dir: string, rel = ""): string[] {
  const out: string[] = [];
  const entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...walk(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

export function hashDir(dir: string, extra: string[] = []): string {
  const h = createHash("sha256");
  for (const x of extra) h.update(`${x}\0`);
  for (const f of walk(dir)) {
    const exec = statSync(path.join(dir, f)).mode & 0o111 ? "x" : "-";
    h.update(`${f}\0${exec}\0`)
      .update(readFileSync(path.join(dir, f)))
      .update("\0");
  }
  return h.digest("hex").slice(0, 12);
}

function crtFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return walk(dir)
    .filter((f) => f.endsWith(".crt"))
    .map((f) => path.join(dir, f));
}

/** The build host's locally added CAs, for builds whose context cannot include them (images/stack). */
export function hostCaFiles(): string[] {
  return crtFiles(HOST_CA_DIR);
}

/** Copies host CAs and images/certs/*.crt into <ctx>/certs (always present, maybe empty). */
export function copyCerts(imagesDir: string, ctx: string): number {
  const dest = path.join(ctx, "certs");
  mkdirSync(dest, { recursive: true });
  const sources = [
    ...crtFiles(HOST_CA_DIR).map((f) => ["host", f] as const),
    ...crtFiles(path.join(imagesDir, "certs")).map((f) => ["repo", f] as const),
  ];
  for (const [origin, f] of sources) cpSync(f, path.join(dest, `${origin}-${path.basename(f)}`));
  return sources.length;
}

export function baseContext(imagesDir: string, baseImage: string): Context & { certs: number } {
  const dir = mkdtempSync(path.join(tmpdir(), "kalpana-base-ctx-"));
  cpSync(path.join(imagesDir, "base"), dir, { recursive: true });
  cpSync(path.join(imagesDir, "node", "fetch-node.sh"), path.join(dir, "fetch-node.sh"));
  const certs = copyCerts(imagesDir, dir);
  return { dir, certs, hash: hashDir(dir, [`BASE_IMAGE=${baseImage}`]) };
}

export function workspaceContext(imagesDir: string, bridgeBundle: string, baseTag: string): Context {
  const dir = mkdtempSync(path.join(tmpdir(), "kalpana-workspace-ctx-"));
  cpSync(path.join(imagesDir, "workspace"), dir, { recursive: true });
  cpSync(path.join(imagesDir, "..", "nix", "stub"), path.join(dir, "nix-stub"), { recursive: true });
  cpSync(bridgeBundle, path.join(dir, "bridge.mjs"));
  // The editor-context extension is bundled beside the bridge (bridge/scripts/bundle.ts).
  const extension = path.join(path.dirname(bridgeBundle), "kalpana-editor");
  if (!existsSync(path.join(extension, "extension.cjs"))) {
    throw new Error(`editor extension missing: expected ${extension}/extension.cjs beside the bridge bundle`);
  }
  cpSync(extension, path.join(dir, "kalpana-editor"), { recursive: true });
  return { dir, hash: hashDir(dir, [`BASE_IMAGE=${baseTag}`]) };
}
