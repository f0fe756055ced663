// Workspace lifecycle: create, start, stop, restart, delete. Transitions for one workspace run one
// at a time (lock.ts) and are idempotent, so double clicks and retries are harmless.
import { randomBytes } from "node:crypto";
import { config } from "../config";
import { encryptSecret } from "../crypto";
import { db } from "../db/client";
import { AppError } from "../errors";
import { runtime } from "../runtime/index";
import { cancelStart, trackStart } from "./active";
import { forgetActivity, touchWorkspace } from "./activity";
import { closeSharedBridge } from "./bridge";
import { withWorkspaceLock } from "./lock";
import { dropPhaseLog } from "./phase-log";
import { provision } from "./provision";
import type { CreateWorkspaceInput, WorkspaceView } from "./schema";
import { getOwned, setState, toView } from "./store";
import { resolveCreateInput } from "./validate";

const LIVE = ["STARTING", "RUNNING"] as const;

export async function listWorkspaces(userId: string): Promise<WorkspaceView[]> {
  const rows = await db().workspace.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return rows.map(toView);
}

async function checkQuotas(userId: string, exceptId: string): Promise<void> {
  const c = config();
  const mine = await db().workspace.count({
    where: { userId, status: { in: [...LIVE] }, id: { not: exceptId } },
  });
  if (mine >= c.KALPANA_MAX_RUNNING_PER_USER) {
    throw new AppError(
      "conflict",
      `You already have ${mine} running workspace${mine === 1 ? "" : "s"} (the limit is ${c.KALPANA_MAX_RUNNING_PER_USER}). Stop one first.`,
    );
  }
  const all = await db().workspace.count({ where: { status: { in: [...LIVE] }, id: { not: exceptId } } });
  if (all >= c.KALPANA_MAX_RUNNING_TOTAL) {
    throw new AppError(
      "quota_exceeded",
      "The server is running as many workspaces as it can. Try again later.",
    );
  }
}

export async function createWorkspace(userId: string, input: CreateWorkspaceInput): Promise<WorkspaceView> {
  const r = resolveCreateInput(input);
  const taken = await db().workspace.findFirst({ where: { userId, name: r.name }, select: { id: true } });
  if (taken) throw new AppError("conflict", `You already have a workspace named "${r.name}"`);
  await checkQuotas(userId, "");
  const row = await db()
    .workspace.create({
      data: {
        userId,
        name: r.name,
        template: r.template,
        nixConfig: r.nixConfig ?? null,
        nixConfigKind: r.nixConfig ? (r.nixConfigKind ?? "flake") : null,
        repoUrl: r.repoUrl ?? null,
        branch: r.branch ?? null,
        bridgeSecret: encryptSecret(randomBytes(32).toString("base64url")),
        memoryMb: r.memoryMb,
        cpus: r.cpus,
        pidsLimit: config().KALPANA_WORKSPACE_PIDS,
      },
    })
    .catch((err: { code?: string }) => {
      // Two creates with the same name racing: the unique index decides, answer like the check above.
      if (err.code === "P2002")
        throw new AppError("conflict", `You already have a workspace named "${r.name}"`);
      throw err;
    });
  return startWorkspace(userId, row.id);
}

export function startWorkspace(userId: string, id: string): Promise<WorkspaceView> {
  return withWorkspaceLock(id, async () => {
    const w = await getOwned(userId, id);
    if (w.status === "STARTING" || w.status === "RUNNING") return toView(w);
    await checkQuotas(userId, id);
    const row = await setState(id, {
      status: "STARTING",
      phase: "container",
      message: "Starting the container",
    });
    touchWorkspace(id);
    trackStart(id, (signal) => provision(row ?? w, signal));
    return toView(row ?? w);
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

/** Stops the container (volumes kept). Also the idle reaper's and reconciler's way to stop. */
export function stopWorkspaceById(id: string, message: string | null = null): Promise<void> {
  return withWorkspaceLock(id, async () => {
    await cancelStart(id);
    const w = await db().workspace.findUnique({ where: { id } });
    if (!w || w.status === "STOPPED") return;
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
        console.error(`[workspaces] stop ${id} failed:`, (err as Error).message);
        await setState(id, {
          status: "ERROR",
          phase: null,
          message: `Stopping failed: ${(err as Error).message}`,
        });
        return;
      }
    }
    await setState(id, { status: "STOPPED", phase: null, message });
  });
}

export async function stopWorkspace(userId: string, id: string): Promise<WorkspaceView> {
  const w = await getOwned(userId, id);
  if (w.status === "STOPPED") return toView(w);
  // Answer at once with STOPPING; the stop itself finishes in the background (202).
  void stopWorkspaceById(id).catch((err) => console.error(`[workspaces] stop ${id} failed:`, err));
  return { ...toView(w), status: "STOPPING", phase: null };
}

export async function restartWorkspace(userId: string, id: string): Promise<WorkspaceView> {
  await getOwned(userId, id);
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
    await db()
      .workspace.delete({ where: { id } })
      .catch(() => undefined); // a double click already deleted it
    dropPhaseLog(id);
    forgetActivity(id);
  });
}
