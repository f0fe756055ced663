// One Nix store per host (KALPANA_SHARED_NIX_STORE, docs/ENVIRONMENTS.md "Shared Nix store"): a
// template's environment is realised ONCE per engine host into a "generation" (a volume filled by a
// throwaway builder container that runs only the template's files), and every workspace of that
// template gets /nix as an overlay: the generation read-only underneath, its own volume on top for
// whatever it writes. overlayfs never writes to a lower layer, and the generation is never mounted
// into a workspace container, so no workspace can change what another one reads.
//
// The generation is named by a hash of everything that decides its content (image, stub/offline
// mode, the template's file names and bytes): the server chooses it from the template, never from
// anything a workspace says. Its builder container is kept, stopped, as the seal: exit code 0 means
// complete, and it holds the volume so `docker volume prune` cannot delete a lower layer in use.
import { createHash } from "node:crypto";
import type Docker from "dockerode";
import { logger } from "../../log/log";
import type { NixConfigFile } from "../runtime";
import { ignore, statusOf } from "./errors";
import { NETWORK_NAME, volumeName, WORKSPACE_UID } from "./names";
import { demuxLogs } from "./state";

const log = logger("runtime");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const LABEL_GENERATION = "kalpana.nix-generation";

/**
 * The generation's identity. `labels` (the server's extra labels) are part of it so that servers
 * sharing an engine with different labels (test suites) never share, nor delete, each other's.
 */
export function generationKey(
  image: string,
  env: Record<string, string>,
  files: NixConfigFile[],
  labels: Record<string, string> = {},
): string {
  const owner = Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const h = createHash("sha256").update(
    `image=${image}\nstub=${env.KALPANA_NIX_STUB === "1"}\noffline=${env.KALPANA_NIX_OFFLINE === "1"}\nlabels=${owner}\n`,
  );
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : 1)))
    h.update(`${f.name}\0${f.content}\0`);
  return h.digest("hex").slice(0, 32);
}

/** The generation's volume AND its builder container (the seal) carry this name. */
export const generationName = (key: string) => `kalpana-nixgen-${key}`;
/** A shared-store workspace's own writes to /nix, and overlayfs's work folder (same filesystem). */
export const nixUpperVolume = (id: string) => `${volumeName(id, "nix")}-upper`;
export const nixWorkVolume = (id: string) => `${volumeName(id, "nix")}-work`;

// In the builder: the template's files where a workspace has them (same path, same store paths in
// env.sh), then kalpana-env --seal realises them and copies the result into /nix/var/kalpana.
const BUILD = `set -eu
mkdir -p "$HOME/.kalpana/env"
/usr/local/bin/node -e '
const fs = require("node:fs"), path = require("node:path");
for (const f of JSON.parse(Buffer.from(process.argv[1], "base64").toString()))
  fs.writeFileSync(path.join(process.env.HOME, ".kalpana/env", path.basename(f.name)), f.content);
' "$1"
exec /usr/local/bin/node /opt/kalpana/kalpana-env.mjs --seal`;

/**
 * The workspace's own layer, mounted read-only into its container besides /nix: Docker knows only
 * these mounts, not the overlay's options, so without them `docker volume prune` (Docker 20.10 prunes
 * named volumes too) would count the two volumes as unused and delete a workspace's /nix writes.
 * Read-only: the workspace writes to its layer through /nix only.
 */
export const LAYER_DIR = "/var/lib/kalpana-nix-layer";
export const layerMounts = (id: string) =>
  [
    { name: nixUpperVolume(id), target: `${LAYER_DIR}/upper` },
    { name: nixWorkVolume(id), target: `${LAYER_DIR}/work` },
  ].map((m) => ({
    Type: "volume" as const,
    Source: m.name,
    Target: m.target,
    ReadOnly: true, // (the image has nothing at these paths: Docker copies nothing in)
  }));

/** overlayfs options are comma-separated key=value: a path holding either would change their meaning. */
export function safeDir(p: string): string {
  if (!p.startsWith("/") || /[,:=\s]/.test(p)) throw new Error(`unusable path for an overlay: ${p}`);
  return p;
}

/** A sealed generation: its key and its folder on the engine's host. */
export type Generation = { key: string; lower: string };

export class SharedNixStore {
  private readonly building = new Map<string, Promise<Generation | null>>();

  constructor(private readonly docker: Docker) {}

  /**
   * The generation's folder on the engine's host (the overlay's lower dir), built first if missing.
   * Null when the template's environment cannot be realised: the workspace then gets a store of its
   * own and shows Nix's error itself, as without sharing.
   */
  ensureGeneration(
    image: string,
    env: Record<string, string>,
    files: NixConfigFile[],
    labels: Record<string, string>,
  ): Promise<Generation | null> {
    const key = generationKey(image, env, files, labels);
    let p = this.building.get(key);
    if (!p) {
      p = this.ensure(key, image, env, files, labels).finally(() => this.building.delete(key));
      this.building.set(key, p);
    }
    return p;
  }

  private async ensure(
    key: string,
    image: string,
    env: Record<string, string>,
    files: NixConfigFile[],
    labels: Record<string, string>,
  ): Promise<Generation | null> {
    const name = generationName(key);
    const seal = this.docker.getContainer(name);
    for (let attempt = 0; attempt < 20; attempt++) {
      const info = await seal.inspect().catch((err) => (statusOf(err) === 404 ? null : Promise.reject(err)));
      if (info?.State.Running) {
        await seal.wait(); // another web server on this engine is building it
        continue;
      }
      if (info?.State.Status === "exited" && info.State.ExitCode === 0) {
        const vol = await this.docker.getVolume(name).inspect();
        return { key, lower: safeDir(vol.Mountpoint) };
      }
      if (info?.State.Status === "created" && Date.now() - Date.parse(info.Created) < 60_000) {
        await sleep(500); // another web server created it a moment ago and is about to start it
        continue;
      }
      if (info) {
        // Failed, or created and never started (a web server that died mid-build): never a lower dir.
        await seal.remove({ force: true }).catch(ignore(404));
        await this.docker.getVolume(name).remove().catch(ignore(404, 409));
      }
      const started = performance.now();
      const ok = await this.build(key, image, env, files, labels);
      if (ok === "raced") continue;
      if (!ok) return null;
      log.info({ generation: key, ms: Math.round(performance.now() - started) }, "nix generation built");
    }
    return null;
  }

  /** True when sealed; "raced" when another server created the builder first. */
  private async build(
    key: string,
    image: string,
    env: Record<string, string>,
    files: NixConfigFile[],
    labels: Record<string, string>,
  ): Promise<boolean | "raced"> {
    const name = generationName(key);
    const offline = env.KALPANA_NIX_STUB === "1" || env.KALPANA_NIX_OFFLINE === "1";
    const owned = { ...labels, [LABEL_GENERATION]: key };
    // Fresh: Docker copies the image's /nix (empty store, owned by uid 1000) into it at create.
    await this.docker.createVolume({ Name: name, Labels: owned });
    const home = `rw,nosuid,nodev,mode=0755,uid=${WORKSPACE_UID},gid=${WORKSPACE_UID}`;
    let c: Docker.Container;
    try {
      c = await this.docker.createContainer({
        name,
        Image: image,
        User: `${WORKSPACE_UID}:${WORKSPACE_UID}`,
        Entrypoint: ["/bin/bash", "-c", BUILD, "nix-generation"],
        // base64: 64 KiB of config stays one argument below the kernel's 128 KiB limit, whatever it holds.
        Cmd: [Buffer.from(JSON.stringify(files)).toString("base64")],
        Env: [
          "HOME=/home/coder",
          "BASH_ENV=",
          ...["KALPANA_NIX_STUB", "KALPANA_NIX_OFFLINE", "KALPANA_NIX_TIMEOUT_MS"]
            .filter((k) => env[k] !== undefined)
            .map((k) => `${k}=${env[k]}`),
        ],
        Labels: owned,
        NetworkDisabled: offline,
        HostConfig: {
          Mounts: [{ Type: "volume", Source: name, Target: "/nix" }],
          // No home or workspace volume: nothing of the builder but /nix outlives it.
          Tmpfs: { "/home/coder": `${home},size=1g`, "/workspace": `${home},size=1m` },
          // Offline there is nothing to reach; online, the same firewalled network as workspaces.
          NetworkMode: offline ? "none" : NETWORK_NAME,
          Memory: 4096 * 1024 * 1024,
          PidsLimit: 4096,
          CapDrop: ["ALL"],
          SecurityOpt: ["no-new-privileges"],
          LogConfig: { Type: "json-file", Config: { "max-size": "1m", "max-file": "1" } },
        },
      });
    } catch (err) {
      if (statusOf(err) === 409) return "raced";
      throw err;
    }
    // 404: another web server found it "created" for over a minute and removed it: look again.
    const gone = await c.start().then(
      () => false,
      (err) => (statusOf(err) === 404 ? true : Promise.reject(err)),
    );
    if (gone) return "raced";
    const { StatusCode } = (await c.wait()) as { StatusCode: number };
    if (StatusCode === 0) return true;
    const out = demuxLogs((await c.logs({ stdout: true, stderr: true })) as unknown as Buffer);
    log.warn(
      { generation: key, exit: StatusCode, output: out.trim().slice(-500) },
      "nix generation failed: the workspace gets a store of its own",
    );
    await c.remove({ force: true }).catch(ignore(404));
    await this.docker.getVolume(name).remove().catch(ignore(404));
    return false;
  }

  /** The workspace's /nix volume: the generation underneath, its own upper volume on top. */
  async createWorkspaceVolume(id: string, gen: Generation, labels: Record<string, string>): Promise<void> {
    const dirs: string[] = [];
    for (const name of [nixUpperVolume(id), nixWorkVolume(id)]) {
      await this.docker.createVolume({ Name: name, Labels: labels });
      dirs.push(safeDir((await this.docker.getVolume(name).inspect()).Mountpoint));
    }
    await this.docker.createVolume({
      Name: volumeName(id, "nix"),
      Labels: { ...labels, [LABEL_GENERATION]: gen.key },
      Driver: "local",
      DriverOpts: {
        type: "overlay",
        device: "overlay",
        // index=off: a lower layer shared by many overlays (kernels built with the index on refuse that).
        o: `lowerdir=${safeDir(gen.lower)},upperdir=${dirs[0]},workdir=${dirs[1]},index=off`,
      },
    });
  }

  /**
   * Removes the generations no workspace's /nix names, except those in `keep` (the templates' current
   * keys: what the next create or pre-realisation would use). Only generations and workspace volumes
   * carrying all of `labels` (this server's extra labels) count: another server sharing the engine (a
   * test suite) keeps its own. The names removed.
   */
  async prune(keep: Set<string>, labels: Record<string, string>): Promise<string[]> {
    const label = [LABEL_GENERATION, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)];
    const list = async (l: string[]) =>
      (await this.docker.listVolumes({ filters: { label: l } })).Volumes ?? [];
    const isGeneration = (v: Docker.VolumeInspectInfo) =>
      v.Name === generationName(v.Labels?.[LABEL_GENERATION] ?? "");
    // In use by any workspace on the engine, whoever's: never a candidate.
    const everyone = await list([LABEL_GENERATION]);
    const used = new Set(everyone.filter((v) => !isGeneration(v)).map((v) => v.Labels?.[LABEL_GENERATION]));
    const removed: string[] = [];
    for (const v of (await list(label)).filter(isGeneration)) {
      const key = v.Labels[LABEL_GENERATION] ?? "";
      if (used.has(key) || keep.has(key) || this.building.has(key)) continue;
      // Being built (here or by another server on the engine): its workspace is about to use it.
      const seal = await this.docker
        .getContainer(v.Name)
        .inspect()
        .catch(() => null);
      if (seal && seal.State.Status !== "exited" && seal.State.Status !== "dead") continue;
      await this.docker.getContainer(v.Name).remove({ force: true }).catch(ignore(404));
      // 409: a container mounts it (a builder started meanwhile). Docker does not know of the overlays
      // naming it as their lower dir: `used` above is what protects those.
      await this.docker
        .getVolume(v.Name)
        .remove()
        .then(() => removed.push(v.Name))
        .catch(ignore(404, 409));
    }
    return removed;
  }

  /** After the workspace's volumes are gone (the overlay first: it names these two). */
  async removeWorkspaceParts(id: string): Promise<void> {
    for (const name of [nixUpperVolume(id), nixWorkVolume(id)])
      await this.docker.getVolume(name).remove().catch(ignore(404));
  }
}
