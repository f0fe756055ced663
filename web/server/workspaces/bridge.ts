// Connecting the control plane to a workspace's bridge: the ONE module that opens bridge
// connections and decrypts bridge secrets (never logged). Provisioning opens a short-lived client
// (connectStartingBridge); the agent shares one long-lived client per workspace (sharedBridge),
// closed when the workspace stops or is deleted.
import { type BridgeClient, connectBridge, waitForBridge } from "@kalpana/bridge/client";
import type { EditorContext, GitCredentialAnswer, GitCredentialAsk } from "@kalpana/bridge/protocol";
import { decryptSecret } from "../crypto";
import { bridgeSecretOf, type WorkspaceRow } from "../db/workspaces";
import { AppError } from "../errors";
import { logger } from "../log/log";
import { countBridgeError } from "../metrics/metrics";
import { processSlot } from "../process-state";
import { runtime } from "../runtime/index";
import { publishWorkspaceEvent } from "./events";

const log = logger("workspaces");

export function bridgeUrl(host: string, port: number): string {
  return `http://${host}:${port}`;
}

/** Where a running workspace's bridge answers, and its secret: the only place that decrypts it. */
export type BridgeEntry = { host: string; port: number; secret: string };

// Endpoints are read from the runtime (never guessed) and kept until the workspace stops or a
// connection to them fails: the IDE proxy would otherwise inspect the container on every request.
const entries = processSlot("workspace-bridge-entries", () => new Map<string, Promise<BridgeEntry>>());

/** The plain bridge secret of a row (for the secret file written into the container). */
export function plainBridgeSecret(w: Pick<WorkspaceRow, "bridgeSecret">): string {
  return decryptSecret(w.bridgeSecret);
}

async function lookupEntry(workspaceId: string): Promise<BridgeEntry> {
  const secret = await bridgeSecretOf(workspaceId);
  if (secret === null) throw new AppError("not_found", "Workspace not found");
  const ep = await runtime().endpoint(workspaceId);
  if (!ep) throw new AppError("unavailable", "The workspace is not running");
  return { host: ep.host, port: ep.bridgePort, secret: decryptSecret(secret) };
}

export function bridgeEntry(workspaceId: string): Promise<BridgeEntry> {
  let entry = entries.get(workspaceId);
  if (!entry) {
    entry = lookupEntry(workspaceId);
    entries.set(workspaceId, entry);
    entry.catch(() => entries.delete(workspaceId));
  }
  return entry;
}

/** Drops the remembered endpoint (stop, delete, or a refused connection). */
export function forgetBridgeEntry(workspaceId: string): void {
  entries.delete(workspaceId);
}

/** Decides a workspace's git credential ask (web/server/git-credentials installs it at start-up). */
export type GitCredentialAnswerer = (
  workspaceId: string,
  ask: GitCredentialAsk,
) => Promise<GitCredentialAnswer>;
const answerer = processSlot("git-credential-answerer", () => ({ fn: null as GitCredentialAnswerer | null }));

/** Installs (or with null removes) who answers the shared clients' git credential asks. */
export function answerGitCredentialsWith(fn: GitCredentialAnswerer | null): void {
  answerer.fn = fn;
}

/**
 * A connected bridge client for a RUNNING workspace (the caller closes it). It answers the
 * bridge's git credential asks (terminal git) through the installed answerer; none: nothing.
 */
export async function connectWorkspaceBridge(
  workspaceId: string,
  opts: { editorContext?: boolean } = {},
): Promise<BridgeClient> {
  forgetBridgeEntry(workspaceId); // a new connection always asks the runtime afresh
  const ep = await bridgeEntry(workspaceId);
  const onGitCredential = async (ask: GitCredentialAsk) =>
    answerer.fn ? answerer.fn(workspaceId, ask) : null;
  // Every report of the person's VS Code goes to the workspace's room (the panel's chips; editor.ts).
  const onEditorContext = opts.editorContext
    ? (context: EditorContext | null) =>
        publishWorkspaceEvent(workspaceId, "workspace:editor", { id: workspaceId, context })
    : undefined;
  try {
    return await connectBridge(bridgeUrl(ep.host, ep.port), ep.secret, { onGitCredential, onEditorContext });
  } catch (err) {
    countBridgeError("connect");
    log.error({ workspaceId, err: (err as Error).message }, "bridge unreachable");
    throw new AppError("unavailable", "The workspace's bridge is not reachable");
  }
}

/**
 * For a start in progress: waits up to `timeoutMs` for the just-started bridge to answer, then
 * connects. Returns the client (the caller closes it) and the entry (for the IDE's readiness check).
 */
export async function connectStartingBridge(
  workspaceId: string,
  timeoutMs: number,
): Promise<{ client: BridgeClient; entry: BridgeEntry }> {
  forgetBridgeEntry(workspaceId);
  const entry = await bridgeEntry(workspaceId);
  const url = bridgeUrl(entry.host, entry.port);
  await waitForBridge(url, timeoutMs);
  return { client: await connectBridge(url, entry.secret), entry };
}

// Process-wide: Next's route bundles and the custom server must share one client per workspace.
const shared = processSlot("workspace-bridges", () => new Map<string, Promise<BridgeClient>>());

/** The shared client of a RUNNING workspace; one whose connection is gone (new ports) is replaced. */
export async function sharedBridge(workspaceId: string): Promise<BridgeClient> {
  const cached = shared.get(workspaceId);
  if (cached) {
    const client = await cached.catch(() => null);
    if (client?.connected) return client;
    client?.close();
    shared.delete(workspaceId);
  }
  const fresh = connectWorkspaceBridge(workspaceId, { editorContext: true });
  shared.set(workspaceId, fresh);
  fresh.catch(() => shared.delete(workspaceId));
  return fresh;
}

/** Closes the shared client (on stop/delete), so it does not keep reconnecting to a dead port. */
export function closeSharedBridge(workspaceId: string): void {
  forgetBridgeEntry(workspaceId);
  const cached = shared.get(workspaceId);
  shared.delete(workspaceId);
  void cached?.then((c) => c.close()).catch(() => undefined);
}
