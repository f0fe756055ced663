// The extensions step of the start pipeline (in the ide phase, once code-server answers): each VS
// Code extension of the workspace's setup that is not installed yet is resolved and downloaded BY
// THE SERVER from the gallery (gallery.ts), streamed into the container through the bridge (exec
// stdin, base64 chunks below the bridge's 16 MiB frame) and installed with code-server's own CLI,
// as the workspace user. One extension failing is a warning in the start log, never a failed start.
//
// Installed ids are recorded in the home volume (~/.kalpana/extensions-installed, one id a line):
// the next start skips them. A failed one is not recorded, so the next start tries again.
import type { BridgeClient } from "@kalpana/bridge/client";
import { type OutputChunk, outputText } from "@kalpana/bridge/protocol";
import { config } from "../config";
import { logger } from "../log/log";
import type { ProvisionContext } from "../workspaces/provision-steps";
import { logLine, warnPhase } from "../workspaces/state";
import { downloadVsix, type Fetch, GalleryError, parseExtensionId, resolveExtension } from "./gallery";

const log = logger("extensions");

export const EXTENSIONS_FAILED = "Some VS Code extensions could not be installed; see the start log.";
const MARKER = '"$HOME/.kalpana/extensions-installed"';
/** Raw bytes per bridge call: 6 MiB is 8 MiB of base64, well inside a 16 MiB frame. */
const CHUNK_BYTES = 6 * 1024 * 1024;
// Absolute node and entry: the workspace's Nix PATH may put another Node first (as in entrypoint.sh).
const CODE_SERVER = "/usr/local/bin/node /opt/code-server/node_modules/code-server/out/node/entry.js";

const text = (res: { output: OutputChunk[] }, stream?: "stdout" | "stderr") => outputText(res.output, stream);
const key = (id: string) => id.split("@")[0]?.toLowerCase() ?? id;

/** Runs the step; returns a warning for the workspace's status line, or null. */
export async function setUpExtensions(
  ctx: ProvisionContext,
  bridge: BridgeClient,
  opts: { fetch?: Fetch } = {},
): Promise<string | null> {
  const { w } = ctx;
  const wanted = w.setup.extensions;
  if (!wanted.length) return null;
  const gallery = config().KALPANA_EXTENSION_GALLERY;
  if (gallery === "off") {
    logLine(
      w.id,
      "ide",
      `Extensions not installed (${wanted.join(", ")}): this server has no extension gallery.`,
    );
    return null;
  }
  try {
    const done = await bridge.exec.run({
      command: `cat -- ${MARKER} 2>/dev/null || true`,
      timeoutMs: 30_000,
    });
    const installed = new Set(text(done, "stdout").split("\n").map(key));
    const todo = wanted.filter((id) => !installed.has(key(id)));
    if (!todo.length) return null;
    await ctx.phase("ide", "Installing VS Code extensions");
    let failed = 0;
    for (const id of todo) {
      if (ctx.signal.aborted) return null;
      const ok = await installOne(ctx, bridge, gallery, id, opts.fetch);
      if (!ok) failed++;
    }
    if (!failed) return null;
    warnPhase(w.id, "ide");
    return EXTENSIONS_FAILED;
  } catch (err) {
    if (ctx.signal.aborted) throw err; // a stop or delete: the pipeline ends the start
    log.warn({ err: (err as Error).message }, "extensions step failed");
    logLine(w.id, "ide", "Extensions not installed: the workspace did not answer.");
    warnPhase(w.id, "ide");
    return EXTENSIONS_FAILED;
  }
}

async function installOne(
  { w }: ProvisionContext,
  bridge: BridgeClient,
  gallery: string,
  id: string,
  fetchImpl: Fetch | undefined,
): Promise<boolean> {
  let bytes: Buffer;
  let version: string;
  try {
    const found = await resolveExtension(gallery, id, { fetch: fetchImpl });
    version = found.version;
    bytes = await downloadVsix(found.url, id, { fetch: fetchImpl });
  } catch (err) {
    const why = err instanceof GalleryError ? err.message : `${id}: download failed`;
    if (!(err instanceof GalleryError)) log.warn({ err, id }, "extension download failed");
    logLine(w.id, "ide", `extension ${why}`);
    return false;
  }
  const ref = parseExtensionId(id);
  // The file name is built from the validated id only: [A-Za-z0-9_.-].
  const file = `$HOME/.kalpana/vsix/${ref.namespace}.${ref.name}.vsix`;
  const sh = (command: string, stdin?: string, timeoutMs = 120_000) =>
    bridge.exec.run({ command, stdin, timeoutMs, maxOutputBytes: 64 * 1024, env: { KALPANA_EXT: id } });
  try {
    let res = await sh(`mkdir -p "$HOME/.kalpana/vsix" && : > "${file}"`);
    for (let at = 0; at < bytes.length && res.exitCode === 0; at += CHUNK_BYTES)
      res = await sh(`base64 -d >> "${file}"`, bytes.subarray(at, at + CHUNK_BYTES).toString("base64"));
    if (res.exitCode !== 0) throw new Error(text(res, "stderr").trim().slice(0, 300) || "write failed");
    const inst = await sh(
      `${CODE_SERVER} --install-extension "${file}" --force </dev/null`,
      undefined,
      300_000,
    );
    await sh(`rm -f -- "${file}"`).catch(() => undefined);
    if (inst.exitCode !== 0) {
      logLine(
        w.id,
        "ide",
        `extension ${id}: code-server could not install it:\n${text(inst).trim().slice(-1500)}`,
      );
      return false;
    }
    await sh(`mkdir -p "$HOME/.kalpana" && printf '%s\\n' "$KALPANA_EXT" >> ${MARKER}`);
    logLine(w.id, "ide", `extension ${id} ${version} installed (${Math.ceil(bytes.length / 1024)} KiB)`);
    return true;
  } catch (err) {
    log.warn({ err: (err as Error).message, id }, "extension install failed");
    logLine(w.id, "ide", `extension ${id}: could not be installed in the workspace.`);
    return false;
  }
}
