// The Docker implementation of the runtime: the ONLY code that imports dockerode.
import path from "node:path";
import Docker from "dockerode";
import { config } from "../../config";
import { logger } from "../../log/log";
import type {
  CreateSpec,
  Endpoint,
  InstanceState,
  NixPrepareSpec,
  Runtime,
  RuntimeFile,
  Stats,
  VolumeState,
} from "../runtime";
import { ImageMissingError, LABEL_WORKSPACE } from "../runtime";
import { containerOptions, workspaceLabels } from "./container-spec";
import {
  type DiskLinks,
  type DiskOptions,
  diskImagePath,
  diskLinkOf,
  isDiskVolume,
  mountedDiskUsage,
  WorkspaceDisks,
} from "./disks";
// 304: already in the wanted state; 404: gone. Both make start/stop/remove idempotent.
import { ignore, statusOf } from "./errors";
import { ensureFirewall, type FirewallReport } from "./firewall";
import {
  containerName,
  labelFilter,
  VOLUME_KINDS,
  type VolumeKind,
  volumeName,
  WORKSPACE_UID,
} from "./names";
import { attachOnly, ensureNetwork } from "./network";
import { generationKey, layerMounts, SharedNixStore } from "./nix-store";
import { demuxLogs, toEndpoint, toInstanceState, toStats } from "./state";
import { buildTar, type TarEntry } from "./tar";

const log = logger("runtime");

let warned = false;
let warnedSharedDisk = false;

const configuredDisks = (): DiskOptions => ({
  gib: config().KALPANA_WORKSPACE_DISK_GIB,
  dir: config().KALPANA_DISK_DIR,
  linkDir: config().KALPANA_DISK_LINK_DIR,
});

export class DockerRuntime implements Runtime {
  private readonly disks: WorkspaceDisks;
  private readonly nixStore: SharedNixStore;

  constructor(
    private readonly docker = new Docker(),
    private readonly host = "127.0.0.1",
    private readonly firewall: () => Promise<FirewallReport> = () => ensureFirewall(),
    private readonly diskOptions: () => DiskOptions = configuredDisks,
  ) {
    this.disks = new WorkspaceDisks(docker, diskOptions);
    this.nixStore = new SharedNixStore(docker);
  }

  /** The workspace's volumes that have their own size-limited filesystem (disks.ts), with the link
   * each names (in the link folder, or beside the image for volumes made before it). */
  private async diskKinds(workspaceId: string): Promise<{ kinds: VolumeKind[]; links: DiskLinks }> {
    const kinds: VolumeKind[] = [];
    const links: DiskLinks = {};
    for (const kind of VOLUME_KINDS) {
      const info = await this.docker
        .getVolume(volumeName(workspaceId, kind))
        .inspect()
        .catch(() => null);
      const link = diskLinkOf(info?.Options as Record<string, string> | undefined, this.diskOptions());
      if (link) {
        kinds.push(kind);
        links[kind] = link;
      }
    }
    return { kinds, links };
  }

  /** The workspace network's id, after checking the host firewall (network.ts, firewall.ts). Both
   * are re-checked on every create/start (a few ms): a pruned network or a reboot's lost rules heal. */
  private async network(): Promise<string> {
    const report = await this.firewall();
    if (report.state === "skipped" && !warned) {
      warned = true;
      log.warn(
        `host firewall not checked (${report.reason}): workspaces may reach 169.254.169.254. ` +
          "Run scripts/setup.sh as root once per boot (see docs/SECURITY.md).",
      );
    }
    return ensureNetwork(this.docker);
  }

  private container(id: string) {
    return this.docker.getContainer(containerName(id));
  }

  async ping(): Promise<void> {
    await this.docker.ping();
  }

  async hasImage(image: string): Promise<boolean> {
    return this.docker
      .getImage(image)
      .inspect()
      .then(() => true)
      .catch((err) => (statusOf(err) === 404 ? false : Promise.reject(err)));
  }

  /** Before anything mounts the volumes (putFiles mounts them too, on a stopped container). */
  private async ensureDisks(workspaceId: string): Promise<void> {
    const info = await this.container(workspaceId)
      .inspect()
      .catch(() => null);
    if (!info || info.State.Running) return;
    const { kinds, links } = await this.diskKinds(workspaceId);
    if (kinds.length)
      await this.disks.ensure(workspaceId, kinds, info.Config.Image, info.Config.Labels ?? {}, links);
  }

  async create(spec: CreateSpec): Promise<void> {
    if (await this.inspect(spec.workspaceId)) return this.ensureDisks(spec.workspaceId);
    if (!(await this.hasImage(spec.image))) throw new ImageMissingError(spec.image);
    await this.network(); // the container names it: it must exist first
    const labels = workspaceLabels(spec);
    // Shared store: /nix is an overlay on the host's generation (nix-store.ts), not a disk of its own.
    const gen = spec.sharedNix
      ? await this.nixStore.ensureGeneration(spec.image, spec.env, spec.sharedNix.files, spec.labels ?? {})
      : null;
    const diskKinds = VOLUME_KINDS.filter((k) => this.disks.enabled && !(gen && k === "nix"));
    if (gen && this.disks.enabled && !warnedSharedDisk) {
      warnedSharedDisk = true;
      log.warn("shared Nix store: a workspace's own /nix writes are not under KALPANA_WORKSPACE_DISK_GIB");
    }
    for (const kind of VOLUME_KINDS) {
      if (gen && kind === "nix") {
        await this.nixStore.createWorkspaceVolume(spec.workspaceId, gen, labels);
        continue;
      }
      await this.docker.createVolume({
        Name: volumeName(spec.workspaceId, kind),
        Labels: labels,
        ...(diskKinds.includes(kind)
          ? { Driver: "local", DriverOpts: this.disks.volumeOptions(spec.workspaceId, kind) }
          : {}),
      });
    }
    // Docker mounts the volumes already at create (it copies the image's /home/coder and /nix in).
    if (diskKinds.length) await this.disks.ensure(spec.workspaceId, diskKinds, spec.image, labels);
    const options = containerOptions(spec);
    if (gen) options.HostConfig?.Mounts?.push(...layerMounts(spec.workspaceId));
    await this.docker.createContainer(options).catch(ignore(409)); // 409: a racing create won
  }

  async prepareNix(spec: NixPrepareSpec) {
    if (!(await this.hasImage(spec.image))) throw new ImageMissingError(spec.image);
    if (!(spec.env.KALPANA_NIX_STUB === "1" || spec.env.KALPANA_NIX_OFFLINE === "1")) await this.network();
    return (
      (await this.nixStore.ensureGeneration(spec.image, spec.env, spec.files, spec.labels ?? {})) !== null
    );
  }

  pruneNix(keep: NixPrepareSpec[], labels: Record<string, string> = {}) {
    return this.nixStore.prune(
      new Set(keep.map((k) => generationKey(k.image, k.env, k.files, k.labels))),
      labels,
    );
  }

  async putFiles(workspaceId: string, files: RuntimeFile[], dirs: string[] = []): Promise<void> {
    const owner = { uid: WORKSPACE_UID, gid: WORKSPACE_UID };
    const entries: TarEntry[] = [
      ...dirs.map((d) => ({ path: d, dir: true, mode: 0o755, ...owner })),
      ...files.map((f) => ({ path: f.path, content: f.content, mode: f.mode ?? 0o644, ...owner })),
    ];
    for (const e of entries)
      if (!path.isAbsolute(e.path)) throw new Error(`putFiles needs absolute paths: ${e.path}`);
    await this.container(workspaceId).putArchive(buildTar(entries), { path: "/" });
  }

  async start(workspaceId: string): Promise<void> {
    const networkId = await this.network();
    const info = await this.container(workspaceId)
      .inspect()
      .catch(() => null);
    if (info && !info.State.Running) await attachOnly(this.docker, info, networkId);
    await this.ensureDisks(workspaceId);
    await this.container(workspaceId).start().catch(ignore(304));
  }

  async stop(workspaceId: string, timeoutSec = 10): Promise<void> {
    await this.container(workspaceId).stop({ t: timeoutSec }).catch(ignore(304, 404));
  }

  async remove(workspaceId: string, opts: { volumes?: boolean } = {}): Promise<void> {
    const info = await this.container(workspaceId)
      .inspect()
      .catch(() => null);
    await this.container(workspaceId).remove({ force: true }).catch(ignore(404));
    if (!opts.volumes) return;
    const { kinds, links } = await this.diskKinds(workspaceId);
    for (const kind of VOLUME_KINDS) {
      await this.docker.getVolume(volumeName(workspaceId, kind)).remove().catch(ignore(404));
    }
    await this.nixStore.removeWorkspaceParts(workspaceId);
    // The images hold the data: delete them only with their volumes (never on a plain remove).
    if (kinds.length) {
      const image = info?.Config.Image ?? "kalpana/workspace:latest";
      await this.disks.release(workspaceId, kinds, image, info?.Config.Labels ?? {}, links);
    }
  }

  async inspect(workspaceId: string): Promise<InstanceState | null> {
    const info = await this.container(workspaceId)
      .inspect()
      .catch((err) => (statusOf(err) === 404 ? null : Promise.reject(err)));
    return info && toInstanceState(info);
  }

  async list(labels: Record<string, string> = {}): Promise<InstanceState[]> {
    const found = await this.docker.listContainers({ all: true, filters: { label: labelFilter(labels) } });
    const states = await Promise.all(
      found.map((c) =>
        this.docker
          .getContainer(c.Id)
          .inspect()
          .then(toInstanceState)
          .catch(() => null),
      ),
    );
    return states.filter((s): s is InstanceState => s !== null);
  }

  async listVolumes(labels: Record<string, string> = {}): Promise<VolumeState[]> {
    const { Volumes } = await this.docker.listVolumes({ filters: { label: labelFilter(labels) } });
    return (Volumes ?? []).flatMap((v) => {
      const workspaceId = v.Labels?.[LABEL_WORKSPACE];
      return workspaceId ? [{ name: v.Name, workspaceId }] : [];
    });
  }

  private node?: Promise<string>;
  nodeName(): Promise<string> {
    this.node ??= this.docker.info().then((i: { Name?: string }) => i.Name || this.host);
    this.node.catch(() => {
      this.node = undefined; // an engine that was down is asked again next time
    });
    return this.node;
  }

  async endpoint(workspaceId: string): Promise<Endpoint | null> {
    const info = await this.container(workspaceId)
      .inspect()
      .catch(() => null);
    return info && toEndpoint(info, this.host);
  }

  async stats(workspaceId: string): Promise<Stats | null> {
    const raw = await this.container(workspaceId)
      .stats({ stream: false })
      .catch(() => null);
    return raw ? toStats(raw as unknown as Parameters<typeof toStats>[0]) : null;
  }

  async oomEvents(sinceSec: number, untilSec: number): Promise<{ workspaceId: string; at: Date }[]> {
    // The engine keeps recent events in memory: a bounded query, no stream to keep alive.
    const raw = await this.docker.getEvents({
      since: sinceSec,
      until: untilSec,
      filters: { type: ["container"], event: ["oom"], label: [LABEL_WORKSPACE] },
    });
    let text = "";
    for await (const chunk of raw as NodeJS.ReadableStream) text += chunk.toString();
    return text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { time: number; Actor?: { Attributes?: Record<string, string> } })
      .map((e) => ({
        workspaceId: e.Actor?.Attributes?.[LABEL_WORKSPACE] ?? "",
        at: new Date(e.time * 1000),
      }))
      .filter((e) => e.workspaceId);
  }

  async diskUsage(workspaceId: string): Promise<{ usedBytes: number; totalBytes: number } | null> {
    const name = volumeName(workspaceId, "workspace");
    const info = await this.docker
      .getVolume(name)
      .inspect()
      .catch(() => null);
    if (!info || !isDiskVolume(info, this.diskOptions())) return null;
    return mountedDiskUsage(info.Mountpoint, diskImagePath(this.diskOptions(), workspaceId, "workspace"));
  }

  async logs(workspaceId: string, tail = 200): Promise<string> {
    const buf = await this.container(workspaceId)
      .logs({ stdout: true, stderr: true, tail, follow: false })
      .catch(() => Buffer.alloc(0));
    return demuxLogs(Buffer.isBuffer(buf) ? buf : Buffer.from(String(buf)));
  }
}
