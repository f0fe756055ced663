// The runtime interface: everything the workspace lifecycle needs from a container platform. The
// Docker implementation comes first; a Swarm (or remote) one can replace it without touching callers,
// because callers only see workspace ids, endpoints and plain states, never Docker objects.

/** Absolute path inside the instance; owned by the workspace user. */
export type RuntimeFile = { path: string; content: string | Buffer; mode?: number };

export type CreateSpec = {
  workspaceId: string;
  ownerId: string;
  image: string;
  memoryMb: number;
  cpus: number;
  pidsLimit: number;
  /** Non-secret values only: secrets go in with putFiles(). */
  env: Record<string, string>;
  /** Extra labels (tests mark their containers with kalpana.test=1). */
  labels?: Record<string, string>;
  /**
   * A template's Nix configuration, when the host's shared store applies (KALPANA_SHARED_NIX_STORE):
   * realised once per host and underneath every such workspace's /nix, read-only. Only at create.
   */
  sharedNix?: { files: NixConfigFile[] };
};

export type NixPrepareSpec = Pick<CreateSpec, "image" | "env" | "labels"> & { files: NixConfigFile[] };

/** One file of a Nix configuration (flake.nix, flake.lock), as the template ships it. */
export type NixConfigFile = { name: string; content: string };

export type InstanceState = {
  workspaceId: string;
  ownerId: string | null;
  containerId: string;
  running: boolean;
  /** "running" | "exited" | "created" | "dead" | ... as the platform names it. */
  state: string;
  exitCode: number | null;
  oomKilled: boolean;
  error: string | null;
  memoryMb: number | null;
  /** Its machine is down (Swarm): nothing is known of it until the node returns. */
  unavailable?: boolean;
  /** The machine it is placed on, when the platform has more than one (Swarm: the node's hostname). */
  node?: string;
  /** Not running, but the platform is bringing it up by itself (Swarm: a replacement task): not stopped. */
  restarting?: boolean;
  startedAt: string | null;
  finishedAt: string | null;
};

/**
 * Where the control plane reaches a running workspace (host-side address): its bridge, the one
 * authenticated entry (socket.io for ops, and the front for code-server and dev servers).
 */
export type Endpoint = { host: string; bridgePort: number };

export type Stats = { cpuPercent: number; memoryMb: number };

/** A long wait the person should see (Swarm: a node pulling the workspace image), in words. */
export type WaitOptions = { onProgress?: (message: string) => void };

/** `node`: where it lives, when the platform has several (Swarm: the node's id). */
export type VolumeState = { name: string; workspaceId: string; node?: string };

export interface Runtime {
  /** Creates volumes (if missing) and the instance, stopped. Idempotent: an existing one is kept. */
  create(spec: CreateSpec): Promise<void>;
  /**
   * Copies files in, owned by the workspace user, creating `dirs` (absolute) first. Works while the
   * instance is stopped: use it before start(). Secrets travel only this way, never in env or labels.
   */
  putFiles(workspaceId: string, files: RuntimeFile[], dirs?: string[]): Promise<void>;
  start(workspaceId: string, opts?: WaitOptions): Promise<void>;
  /** Stops (keeps volumes). No-op when already stopped or missing. */
  stop(workspaceId: string, timeoutSec?: number): Promise<void>;
  /** Removes the instance and, with volumes: true, its volumes. No-op when missing. */
  remove(workspaceId: string, opts?: { volumes?: boolean }): Promise<void>;
  inspect(workspaceId: string): Promise<InstanceState | null>;
  /** Every Kalpana instance the platform knows, found by label (and by all of `labels`, if given). Reads only. */
  list(labels?: Record<string, string>): Promise<InstanceState[]>;
  /** What a platform that heals itself needs now and then (Swarm: swarm-runtime.ts); the reconciler calls it. */
  repair?(): Promise<void>;
  /** Every Kalpana volume, found by label like list(): orphan clean-up also finds volumes alone. */
  listVolumes(labels?: Record<string, string>): Promise<VolumeState[]>;
  /** The name of the node (engine host) workspaces run on, for the admin view. */
  nodeName(): Promise<string>;
  /** Null when not running (ports are only known then). */
  endpoint(workspaceId: string): Promise<Endpoint | null>;
  stats(workspaceId: string): Promise<Stats | null>;
  logs(workspaceId: string, tail?: number): Promise<string>;
  /** True when the workspace image exists locally. */
  hasImage(image: string): Promise<boolean>;
  /** Resolves when the platform answers (health checks); rejects when it does not. */
  ping(): Promise<void>;
  /**
   * Out-of-memory kills inside instances in [sinceSec, untilSec) (unix seconds). A process killed
   * while the instance keeps running leaves no trace in inspect(): only the platform's events know.
   */
  oomEvents?(sinceSec: number, untilSec: number): Promise<{ workspaceId: string; at: Date }[]>;
  /**
   * Realises a template's Nix configuration into the host's shared store now (KALPANA_SHARED_NIX_STORE),
   * so the first workspace made from it skips the build too. False when it did not realise.
   */
  prepareNix?(spec: NixPrepareSpec): Promise<boolean>;
  /**
   * Deletes the shared store's generations no workspace uses, except those of `keep`; only those
   * carrying all of `labels` (as orphan clean-up). Their names.
   */
  pruneNix?(keep: NixPrepareSpec[], labels?: Record<string, string>): Promise<string[]>;
  /** The workspace's own disk (`/workspace`) when the runtime limits and can see it, else null. */
  diskUsage?(workspaceId: string): Promise<{ usedBytes: number; totalBytes: number } | null>;
  /**
   * Calls `onChange` soon after one of the platform's machines changes state (Swarm: a node down or
   * back), so the reconciler does not wait for its next tick. Returns a function that stops watching.
   */
  watchNodes?(onChange: () => void): () => void;
}

export const LABEL_WORKSPACE = "kalpana.workspace";
export const LABEL_OWNER = "kalpana.owner";

export class ImageMissingError extends Error {
  constructor(readonly image: string) {
    super(`workspace image missing: run npm run images (${image})`);
  }
}
