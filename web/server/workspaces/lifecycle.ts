// Workspace lifecycle: create, start, stop, restart, delete. Transitions for one workspace run one
// at a time (lock.ts) and are idempotent, so double clicks and retries are harmless.
import { randomBytes } from "node:crypto";
import type { CreateWorkspaceInput, WorkspaceView } from "../../contract/workspaces";
import { type AuditAction, audit } from "../audit/audit";
import { config } from "../config";
import { encryptSecret } from "../crypto";
import { setEnvVar } from "../db/env-vars";
import {
  deleteWorkspaceRow,
  findWorkspace,
  listOwned,
  nameInUse,
  workspaceNameTaken,
} from "../db/workspaces";
import { AppError } from "../errors";
import { logger } from "../log/log";
import { runtime } from "../runtime/index";
import { cancelStart, trackStart } from "./active";
import { forgetActivity, touchWorkspace } from "./activity";
import { closeSharedBridge } from "./bridge";
import { withWorkspaceLock } from "./lock";
import { provision } from "./provision";
import { claimStart, createStarting } from "./quota";
import { initialSetup } from "./setup";
import { announceState, dropReport, setState } from "./state";
import { getOwned, viewOf, viewsOf } from "./store";
import { templateExtensions } from "./templates";
import { resolveCreateInput } from "./validate";

const log = logger("workspaces");

export async function listWorkspaces(userId: string): Promise<WorkspaceView[]> {
  return viewsOf(await listOwned(userId));
}

// Details name the field so the form shows it beside the name (contract/errors.ts).
/** Records a refused or failed lifecycle action, then rethrows it. */
function auditFailure(userId: string, workspaceId: string | null, action: AuditAction, summary: string) {
  return async (err: unknown): Promise<never> => {
    await audit({ userId, workspaceId, action, summary, outcome: `refused: ${(err as Error).message}` });
    throw err;
  };
}

export async function createWorkspace(userId: string, input: CreateWorkspaceInput): Promise<WorkspaceView> {
  const r = await resolveCreateInput(input);
  const summary = [r.name, r.template, r.repoUrl].filter(Boolean).join(" · ");
  if (await nameInUse(userId, r.name)) throw workspaceNameTaken(r.name);
  // Created directly in STARTING inside the quota transaction: parallel creates cannot overshoot.
  const row = await createStarting({
    userId,
    name: r.name,
    template: r.template,
    templateVersion: r.templateVersion,
    nixConfig: r.nixConfig ?? null,
    nixConfigKind: r.nixConfig ? (r.nixConfigKind ?? "flake") : null,
    repoUrl: r.repoUrl ?? null,
    branch: r.branch ?? null,
    setup: initialSetup(await templateExtensions(r.template), r.setup),
    bridgeSecret: encryptSecret(randomBytes(32).toString("base64url")),
    memoryMb: r.memoryMb,
    cpus: r.cpus,
    pidsLimit: config().KALPANA_WORKSPACE_PIDS,
  }).catch(auditFailure(userId, null, "workspace.create", summary));
  // Before the start: its bridge phase delivers them. The contract checked names and sizes.
  for (const v of r.env ?? []) await setEnvVar({ workspaceId: row.id }, { ...v, secret: false });
  await audit({ userId, workspaceId: row.id, action: "workspace.create", summary });
  log.info({ workspaceId: row.id, userId, template: r.template }, "workspace created");
  announceState(row);
  touchWorkspace(row.id);
  trackStart(row.id, (signal) => provision(row, signal));
  return viewOf(row);
}

export function startWorkspace(userId: string, id: string): Promise<WorkspaceView> {
  return withWorkspaceLock(id, async () => {
    const w = await getOwned(userId, id);
    if (w.status === "STARTING" || w.status === "RUNNING") return viewOf(w);
    const row = await claimStart(userId, id).catch(auditFailure(userId, id, "workspace.start", w.name));
    if (!row) return viewOf(await getOwned(userId, id)); // started meanwhile (another web process)
    await audit({ userId, workspaceId: id, action: "workspace.start", summary: w.name });
    announceState(row);
    touchWorkspace(id);
    trackStart(id, (signal) => provision(row, signal));
    return viewOf(row);
  });
}

// Docker's own stop escalates to SIGKILL after 10 s; this only guards against an engine that hangs.
const STOP_TIMEOUT_MS = 60_000;

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Stops the container (volumes kept). Also the idle reaper's and reconciler's way to stop; `message`
 * says why (shown to the user and recorded in the audit trail).
 */
export function stopWorkspaceById(id: string, message: string | null = null): Promise<void> {
  return withWorkspaceLock(id, async () => {
    await cancelStart(id);
    const w = await findWorkspace(id);
    if (!w || w.status === "STOPPED") return;
    await audit({
      userId: w.userId,
      workspaceId: id,
      action: "workspace.stop",
      summary: message ? `${w.name}: ${message}` : w.name,
    });
    await setState(id, { status: "STOPPING", phase: null, message: null });
    closeSharedBridge(id);
    try {
      await withTimeout(runtime().stop(id), STOP_TIMEOUT_MS, "the container did not stop in time");
    } catch (err) {
      // Never leave a workspace in STOPPING: say what happened; the reconciler settles the rest.
      const still = await runtime()
        .inspect(id)
        .catch(() => null);
      if (still?.running) {
        log.error({ workspaceId: id, err }, "workspace stop failed");
        await setState(id, {
          status: "ERROR",
          phase: null,
          // Fixed text for the user; the cause went to the server log above.
          message:
            "Stopping the container failed. Try again; if it keeps failing, the server log has the details.",
        });
        return;
      }
    }
    await setState(id, { status: "STOPPED", phase: null, message });
    log.info({ workspaceId: id, userId: w.userId, reason: message ?? undefined }, "workspace stopped");
  });
}

export async function stopWorkspace(userId: string, id: string): Promise<WorkspaceView> {
  const w = await getOwned(userId, id);
  if (w.status === "STOPPED") return viewOf(w);
  // Answer at once with STOPPING; the stop itself finishes in the background (202).
  void stopWorkspaceById(id).catch((err) => log.error({ workspaceId: id, err }, "workspace stop failed"));
  return { ...(await viewOf(w)), status: "STOPPING", phase: null };
}

export async function restartWorkspace(userId: string, id: string): Promise<WorkspaceView> {
  const w = await getOwned(userId, id);
  await audit({ userId, workspaceId: id, action: "workspace.restart", summary: w.name });
  await stopWorkspaceById(id);
  return startWorkspace(userId, id);
}

export async function deleteWorkspace(userId: string, id: string, confirmName: string): Promise<void> {
  const w = await getOwned(userId, id);
  if (confirmName !== w.name)
    throw new AppError("invalid_argument", "confirmName must equal the workspace name");
  await withWorkspaceLock(id, async () => {
    await cancelStart(id);
    closeSharedBridge(id);
    await runtime().remove(id, { volumes: true });
    // Null: a double click already deleted it. Any other failure must reach the caller.
    const deleted = await deleteWorkspaceRow(id);
    // The audit trail outlives the row (no foreign key): who deleted what stays on record.
    if (deleted) await audit({ userId, workspaceId: id, action: "workspace.delete", summary: w.name });
    if (deleted) log.info({ workspaceId: id, userId }, "workspace deleted");
    dropReport(id);
    forgetActivity(id);
  });
}
