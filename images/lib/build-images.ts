// Builds kalpana/base and kalpana/workspace, each tagged by the hash of its inputs and
// :latest. An image whose tag already exists is not rebuilt ("up to date").
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BASE_REPO, DEBIAN_BASE_IMAGE, WORKSPACE_REPO } from "../constants";
import { ensureDebianBase } from "./bootstrap";
import { bridgeBundle } from "./bridge-bundle";
import { baseContext, workspaceContext } from "./context";
import { imageExists, imageSize, mib, tagImage } from "./docker";
import { withBuildLock } from "./lock";
import { pruneOldTags } from "./prune";
import { runStreamed } from "./run";

export interface BuiltImage {
  tag: string;
  built: boolean;
  seconds: number;
  sizeMiB: number;
}

export interface BuildResult {
  base: BuiltImage;
  workspace: BuiltImage;
  seconds: number;
}

type Log = (line: string) => void;

async function buildOne(repo: string, ctx: { dir: string; hash: string }, args: string[], log: Log) {
  const tag = `${repo}:${ctx.hash}`;
  const started = Date.now();
  let built = false;
  try {
    if (await imageExists(tag)) {
      log(`[${repo}] ${tag} up to date`);
    } else {
      log(`[${repo}] building ${tag}`);
      const label = ["--label", `kalpana.inputs-hash=${ctx.hash}`];
      await runStreamed("docker", ["build", "-t", tag, ...label, ...args, ctx.dir], repo.split("/")[1]!, log);
      built = true;
    }
    await tagImage(tag, `${repo}:latest`);
  } finally {
    rmSync(ctx.dir, { recursive: true, force: true });
  }
  const seconds = (Date.now() - started) / 1000;
  const sizeMiB = mib(await imageSize(tag));
  if (built) log(`[${repo}] built ${tag} in ${seconds.toFixed(1)} s (${sizeMiB} MiB)`);
  return { tag, built, seconds, sizeMiB };
}

export function buildImages(imagesDir: string, log: Log = console.log): Promise<BuildResult> {
  return withBuildLock(() => buildUnlocked(imagesDir, log), log);
}

async function buildUnlocked(imagesDir: string, log: Log): Promise<BuildResult> {
  const started = Date.now();
  const repoRoot = path.resolve(imagesDir, "..");
  const bundle = await bridgeBundle(repoRoot, log);

  const from = process.env.KALPANA_BASE_FROM ?? DEBIAN_BASE_IMAGE;
  const bctx = baseContext(imagesDir, from);
  log(`[kalpana/base] inputs hash ${bctx.hash} (${bctx.certs} extra CA certificate(s))`);
  if (!(await imageExists(`${BASE_REPO}:${bctx.hash}`))) await ensureDebianBase(from, log);
  const base = await buildOne(BASE_REPO, bctx, ["--build-arg", `BASE_IMAGE=${from}`], log);

  const wctx = workspaceContext(imagesDir, bundle, base.tag);
  const workspace = await buildOne(WORKSPACE_REPO, wctx, ["--build-arg", `BASE_IMAGE=${base.tag}`], log);

  if (base.built || workspace.built) {
    await pruneOldTags(WORKSPACE_REPO, workspace.tag, log);
    await pruneOldTags(BASE_REPO, base.tag, log);
  }
  const result = { base, workspace, seconds: (Date.now() - started) / 1000 };
  // Lets the web runtime find the exact tag without recomputing hashes (see index.ts).
  writeFileSync(path.join(imagesDir, ".last-build.json"), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
