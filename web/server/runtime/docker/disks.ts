// The per-workspace disk limit. Each workspace volume (/workspace, /home/coder, /nix) is its own ext4
// filesystem in a sparse image file, attached to a loop device and mounted by Docker's `local` volume
// driver (`type=ext4`, `device=<link>`). A workspace that fills one gets ENOSPC there, and only there:
// the host's disk and the other workspaces keep their space.
//
// Why this mechanism (measured on Docker 20.10, ext4 host, kernel 6.x): overlay2's `--storage-opt
// size` needs xfs with pquota (ours is ext4), ext4 project quotas need the host's filesystem mounted
// with prjquota, `tmpfs` volumes lose their data at a restart, and the local driver's `o=loop` fails
// (the engine calls mount(2), which knows nothing of loop devices). A loop device does work, but its
// number changes after a reboot while volume options are fixed at creation: the volume names a stable
// symlink in the disk folder, re-pointed at the current loop device before every start (mount(2)
// follows symlinks). The links live on a tmpfs (KALPANA_DISK_LINK_DIR, default /run/kalpana-disks)
// that a reboot empties: a link left over from before it would name whatever loop device has that
// number now, possibly another workspace's image, and a container started without the check first
// (Swarm's restart policy after a node reboot) would mount that filesystem without an error. With no
// link, the mount fails and the check runs (swarm-runtime.ts). Volumes made before kept their links
// in the disk folder: the check re-links at whatever path a volume names. Loop devices, mkfs and
// those folders belong to the engine's host, so a short-lived privileged helper container (the
// workspace image, no network) does the work: the web server needs the Docker socket only, as for
// everything else, and may itself run in a container.
import { existsSync, readFileSync, readlinkSync } from "node:fs";
import { stat, statfs } from "node:fs/promises";
import path from "node:path";
import type Docker from "dockerode";
import { logger } from "../../log/log";
import { type VolumeKind, volumeName, WORKSPACE_UID } from "./names";
import { demuxLogs } from "./state";

const log = logger("runtime");

export type DiskOptions = {
  /** Size of each volume's filesystem in GiB (sparse: the host pays only for what is written). 0 = off. */
  gib: number;
  /** Host folder for the images (on the engine's host). */
  dir: string;
  /** Host folder for new volumes' links: a tmpfs, emptied by a reboot (see the top). */
  linkDir: string;
};

/** Kind → the link path its volume names (its `device` option); missing kinds: diskLinkPath. */
export type DiskLinks = Partial<Record<VolumeKind, string>>;

export const diskImagePath = (o: DiskOptions, id: string, kind: VolumeKind) =>
  path.join(o.dir, `${volumeName(id, kind)}.img`);
export const diskLinkPath = (o: DiskOptions, id: string, kind: VolumeKind) =>
  path.join(o.linkDir, `${volumeName(id, kind)}.dev`);
/** Where volumes made before KALPANA_DISK_LINK_DIR name their link (beside the image). */
export const legacyDiskLinkPath = (o: DiskOptions, id: string, kind: VolumeKind) =>
  path.join(o.dir, `${volumeName(id, kind)}.dev`);

/** Driver options for a volume whose filesystem is the workspace's own image. */
export function diskVolumeOptions(o: DiskOptions, id: string, kind: VolumeKind): Record<string, string> {
  return { type: "ext4", device: diskLinkPath(o, id, kind) };
}

/** The volume was made by diskVolumeOptions (older workspaces keep plain volumes). */
export function isDiskVolume(info: Docker.VolumeInspectInfo | null, o: DiskOptions): boolean {
  return isDiskOptions(info?.Options as Record<string, string> | undefined, o);
}

/** The driver options of a volume (or a Swarm mount's DriverConfig) made by diskVolumeOptions. */
export function isDiskOptions(opts: Record<string, string> | null | undefined, o: DiskOptions): boolean {
  const device = opts?.device ?? "";
  return opts?.type === "ext4" && (device.startsWith(`${o.dir}/`) || device.startsWith(`${o.linkDir}/`));
}

/** The link a disk volume's options name (null for any other volume). */
export const diskLinkOf = (opts: Record<string, string> | null | undefined, o: DiskOptions): string | null =>
  isDiskOptions(opts, o) ? (opts?.device ?? null) : null;

const linkOf = (o: DiskOptions, id: string, kind: VolumeKind, links: DiskLinks) =>
  links[kind] ?? diskLinkPath(o, id, kind);

// Idempotent: create (sparse file, ext4 owned by the workspace user, no reserved blocks, no
// lost+found: git refuses to clone into a non-empty /workspace), attach unless attached, re-link.
// Arguments: the size, then image and link pairs (the link where the volume names it).
const ENSURE = `set -eu
mib=$1; shift
while [ $# -ge 2 ]; do
  img=$1; link=$2; shift 2
  mkdir -p "$(dirname "$link")"
  if [ ! -e "$img" ]; then
    truncate -s "\${mib}M" "$img.tmp"
    mkfs.ext4 -q -F -m 0 -E root_owner=${WORKSPACE_UID}:${WORKSPACE_UID} "$img.tmp"
    debugfs -w -R "rmdir lost+found" "$img.tmp" >/dev/null 2>&1
    mv "$img.tmp" "$img"
  fi
  dev=$(losetup -j "$img" | head -n1 | cut -d: -f1)
  [ -n "$dev" ] || dev=$(losetup -f --show "$img")
  ln -sfn "$dev" "$link"
done`;

// Image and link pairs; the link beside the image too (volumes made before KALPANA_DISK_LINK_DIR).
const RELEASE = `set -u
while [ $# -ge 2 ]; do
  img=$1; link=$2; shift 2
  for dev in $(losetup -j "$img" | cut -d: -f1); do losetup -d "$dev" || true; done
  rm -f "$img" "$img.tmp" "$link" "\${img%.img}.dev"
done`;

/** The size of each filesystem in MiB (fractions of a GiB: tests fill small disks). */
const diskMib = (o: DiskOptions) => Math.max(16, Math.round(o.gib * 1024));

/**
 * The short-lived privileged helper that runs a disk script on the engine's host: created through
 * whichever engine holds the volumes (here the local one; on Swarm, the node's, by a node job).
 */
export function diskHelperSpec(
  o: DiskOptions,
  image: string,
  labels: Record<string, string>,
  script: string,
  args: string[],
): Docker.ContainerCreateOptions {
  return {
    Image: image,
    User: "0:0",
    Entrypoint: ["sh", "-c", script, "disk"],
    Cmd: args,
    Labels: { ...labels, [LABEL_DISK_HELPER]: "1" },
    NetworkDisabled: true,
    HostConfig: {
      // Loop devices are host-wide kernel objects: attaching one takes CAP_SYS_ADMIN and the host's
      // /dev (a device losetup creates must be visible at once). Not --privileged: that also asks
      // for every capability, which fails where the engine itself runs with fewer (measured here).
      CapAdd: ["SYS_ADMIN"],
      DeviceCgroupRules: ["b 7:* rwm", "c 10:237 rwm"], // loop devices, /dev/loop-control
      NetworkMode: "none",
      // Same path inside and out: losetup -j and the links compare host paths.
      Binds: [`${o.dir}:${o.dir}`, `${o.linkDir}:${o.linkDir}`, "/dev:/dev"],
    },
  };
}

export const LABEL_DISK_HELPER = "kalpana.disk-helper";

/** The helper scripts' arguments: each volume's image, then the link its volume names. */
const imageLinkPairs = (o: DiskOptions, id: string, kinds: readonly VolumeKind[], links: DiskLinks) =>
  kinds.flatMap((k) => [diskImagePath(o, id, k), linkOf(o, id, k, links)]);

/** Before every start: the images exist and each link names the loop device holding its image. */
export const ensureHelperSpec = (
  o: DiskOptions,
  id: string,
  kinds: readonly VolumeKind[],
  image: string,
  labels: Record<string, string>,
  links: DiskLinks = {},
) => diskHelperSpec(o, image, labels, ENSURE, [String(diskMib(o)), ...imageLinkPairs(o, id, kinds, links)]);

/** After the container and volumes are gone: detach and delete the images. */
export const releaseHelperSpec = (
  o: DiskOptions,
  id: string,
  kinds: readonly VolumeKind[],
  image: string,
  labels: Record<string, string>,
  links: DiskLinks = {},
) => diskHelperSpec(o, image, labels, RELEASE, imageLinkPairs(o, id, kinds, links));

export class WorkspaceDisks {
  constructor(
    private readonly docker: Docker,
    private readonly options: () => DiskOptions,
  ) {}

  get enabled(): boolean {
    return this.options().gib > 0;
  }

  volumeOptions(id: string, kind: VolumeKind): Record<string, string> {
    return diskVolumeOptions(this.options(), id, kind);
  }

  async ensure(
    id: string,
    kinds: readonly VolumeKind[],
    image: string,
    labels: Record<string, string>,
    links: DiskLinks = {},
  ) {
    const o = this.options();
    // The common restart: no helper. Else the helper also creates the link folder (gone after a reboot).
    if (kinds.every((k) => attachedHere(diskImagePath(o, id, k), linkOf(o, id, k, links)))) return;
    await this.helper(ensureHelperSpec(o, id, kinds, image, labels, links));
  }

  async release(
    id: string,
    kinds: readonly VolumeKind[],
    image: string,
    labels: Record<string, string>,
    links: DiskLinks = {},
  ) {
    await this.helper(releaseHelperSpec(this.options(), id, kinds, image, labels, links));
  }

  private async helper(spec: Docker.ContainerCreateOptions) {
    const c = await this.docker.createContainer(spec);
    try {
      await c.start();
      const { StatusCode } = (await c.wait()) as { StatusCode: number };
      if (StatusCode !== 0) {
        const out = demuxLogs((await c.logs({ stdout: true, stderr: true })) as unknown as Buffer);
        throw new Error(`workspace disk setup failed (exit ${StatusCode}): ${out.trim().slice(-500)}`);
      }
    } finally {
      // v: the image declares /workspace, /home/coder and /nix as volumes: without it, three
      // anonymous volumes were left behind by every helper run.
      await c.remove({ force: true, v: true }).catch((err) => log.warn({ err }, "disk helper not removed"));
    }
  }
}

/**
 * True when this process sees the disk folder (same host as the engine) and the link already names a
 * loop device backed by the image: then no helper container is needed (saves ~0.9 s per start).
 */
function attachedHere(img: string, link: string): boolean {
  try {
    const dev = readlinkSync(link); // /dev/loopN
    const backing = `/sys/block/${path.basename(dev)}/loop/backing_file`;
    // The kernel prints the backing path as the attaching mount namespace saw it, i.e. relative to the
    // helper's bind mount: compare the file name (it holds the workspace id and the volume kind).
    return existsSync(backing) && path.basename(readFileSync(backing, "utf8").trim()) === path.basename(img);
  } catch {
    return false;
  }
}

/**
 * statfs of the mounted volume, when this process shares the engine's host (else null, as when the
 * volume is not mounted: then the path is a plain folder and statfs would describe the host's disk).
 */
export async function mountedDiskUsage(
  mountpoint: string,
  img: string,
): Promise<{ usedBytes: number; totalBytes: number } | null> {
  try {
    const [s, file] = await Promise.all([statfs(mountpoint), stat(img)]);
    const totalBytes = s.blocks * s.bsize;
    if (totalBytes > file.size) return null; // not our filesystem
    return { usedBytes: (s.blocks - s.bfree) * s.bsize, totalBytes };
  } catch {
    return null;
  }
}
