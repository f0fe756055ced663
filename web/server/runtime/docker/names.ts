import { LABEL_WORKSPACE } from "../runtime";

// Docker object names for a workspace. Names (not stored ids) are the source of truth, so the state
// is reconstructible from Docker alone after a crash or a lost database row.
export const containerName = (workspaceId: string) => `kalpana-ws-${workspaceId}`;

export const VOLUME_KINDS = ["workspace", "home", "nix"] as const;
export type VolumeKind = (typeof VOLUME_KINDS)[number];
export const volumeName = (workspaceId: string, kind: VolumeKind) => `kalpana-${workspaceId}-${kind}`;

export const MOUNT_POINTS: Record<VolumeKind, string> = {
  workspace: "/workspace",
  home: "/home/coder",
  nix: "/nix",
};

/**
 * The one user-defined bridge network every workspace container joins, with inter-container traffic
 * off. The host interface has a fixed name so the host firewall (firewall.ts) can match it.
 */
export const NETWORK_NAME = "kalpana";
export const NETWORK_BRIDGE = "kalpana0";

export const BRIDGE_PORT = "3001/tcp";
export const WORKSPACE_UID = 1000;

/** Docker's label filter: every Kalpana object, narrowed to those carrying all of `labels`. */
export const labelFilter = (labels: Record<string, string>) => [
  LABEL_WORKSPACE,
  ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
];
