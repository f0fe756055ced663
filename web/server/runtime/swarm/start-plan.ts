// What a Swarm start can leave out, and what it carries. A node job costs a Swarm scheduling round
// (≈ 1 s), so a start runs one only when the node may have changed (the disk check); the files for
// the volumes travel as a Swarm config the workspace's entrypoint writes out, no job at all. What
// the last disk check was is kept on the service itself (a label), so another web server sees it.
import { createHash } from "node:crypto";
import type { SwarmTask } from "./tasks";

/** The node's Swarm version (Version.Index) when this workspace's disks were last checked there. */
export const LABEL_DISKS_NODE = "kalpana.disks-node";
/** Where a workspace task finds that config: read by images/workspace/rootfs/opt/kalpana/entrypoint.sh. */
export const PUT_TARGET = "/etc/kalpana/put";

export type PutFile = { path: string; mode: number; content: string | Uint8Array };

/** Of the paths, modes and contents (never a secret: those go as Swarm secrets, not on a volume). */
export function putHash(dirs: string[], files: PutFile[]): string {
  const h = createHash("sha256");
  for (const d of dirs) h.update(`d\0${d}\0`);
  for (const f of files) {
    const body = Buffer.from(f.content);
    h.update(`f\0${f.path}\0${f.mode}\0${body.length}\0`).update(body);
  }
  return h.digest("hex").slice(0, 32);
}

/** The put config's name: Swarm allows 64 characters, a workspace id (a cuid) has 25. */
export const putConfigName = (workspaceId: string, hash: string): string =>
  `kalpana-put-${workspaceId}-${hash.slice(0, 16)}`;

const b64 = (v: string | Uint8Array) => Buffer.from(v).toString("base64");

/**
 * The config's text, for a shell loop (`read -r kind mode path content`): one line per folder
 * ("d 755 <path>") and per file ("f <octal mode> <path> <content>"), path and content in base64, so
 * no byte of either can break a line or a field.
 */
export function putPayload(dirs: string[], files: PutFile[]): string {
  const lines = [
    ...dirs.map((d) => `d 755 ${b64(d)} -`),
    ...files.map((f) => `f ${f.mode.toString(8)} ${b64(f.path)} ${b64(f.content) || "-"}`),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * The disk check (images exist, each link names the loop device that holds its image) is due unless
 * it ran on this node and the node's Swarm object has not changed since: a node that restarted
 * registered again, which rewrites its status (a new version), and only a restart renumbers loop
 * devices. Also due without a node version (nothing to compare).
 */
export function diskCheckDue(
  labels: Record<string, string> | undefined,
  disks: boolean,
  nodeVersion: number | undefined,
): boolean {
  if (!disks) return false;
  return nodeVersion === undefined || labels?.[LABEL_DISKS_NODE] !== String(nodeVersion);
}

/**
 * A task that failed to mount a volume: the link names no loop device, or the wrong one's gone (a
 * loop device detached, a restart the node's version did not show). Then the check runs after all.
 */
export const mountFailed = (err: string | undefined): boolean =>
  /mount/i.test(err ?? "") && /volume/i.test(err ?? "");

/** How often the reconcile path may run the disk check for one workspace (repair(), every ~30 s). */
export const DISK_RECHECK_MS = 30_000;

/**
 * A service that wants its replica and whose newest task failed to mount its volumes: after a node
 * reboot, a task Swarm restarted by itself finds no links (they live on a tmpfs, disks.ts).
 */
export function restartUnmounted(replicas: number | undefined, tasks: SwarmTask[]): boolean {
  if (replicas !== 1) return false;
  const last = [...tasks].sort((a, b) => (b.CreatedAt ?? "").localeCompare(a.CreatedAt ?? ""))[0];
  return !!last && ["failed", "rejected"].includes(last.Status?.State ?? "") && mountFailed(last.Status?.Err);
}
