// The ONE owner of a workspace's state and its start report. A transition is persisted (db/
// workspaces) and then published on the event bus; the start report (one section per phase: its
// status and last lines) is built in memory, published line by line, and stored with every
// transition of the start, so another web process, or this one after a restart, reads it too.
// Nothing else writes a workspace's status or publishes its status, log or progress.

import {
  type PhaseLog,
  WORKSPACE_PHASES,
  type WorkspacePhase,
  type WorkspaceStatus,
} from "../../contract/workspaces";
import {
  markCloned as markClonedRow,
  readStoredStartReport,
  type WorkspacePorts,
  type WorkspaceRow,
  writeStartReport,
  writeState,
} from "../db/workspaces";
import { processSlot } from "../process-state";
import { forgetBridgeEntry } from "./bridge";
import { publishWorkspaceEvent } from "./events";

export type StatePatch = {
  status: WorkspaceStatus;
  phase?: WorkspacePhase | null;
  message?: string | null;
  ports?: WorkspacePorts | null;
  containerId?: string | null;
};

/**
 * Persists a status change and publishes it. Null when the row was deleted meanwhile (nothing to
 * record); any other database failure rejects, so a state that could not be stored is never
 * reported as if it had been.
 */
export async function setState(id: string, patch: StatePatch): Promise<WorkspaceRow | null> {
  // A remembered bridge endpoint is only good for the start it was read in.
  if (patch.status !== "RUNNING" || patch.ports !== undefined) forgetBridgeEntry(id);
  const { message, ...rest } = patch;
  const row = await writeState(id, { ...rest, statusMessage: message });
  if (!row) return null;
  // A start this process runs: its report so far is stored with the transition.
  if (reports.has(id)) await writeStartReport(id, startReport(id, STORED_LINES));
  announceState(row);
  return row;
}

/** Publishes a state that is already stored (a row the quota claim just wrote). */
export function announceState(row: WorkspaceRow): void {
  publishWorkspaceEvent(row.id, "workspace:status", {
    id: row.id,
    status: row.status,
    phase: row.phase,
    message: row.statusMessage,
  });
}

/** Records that the repository's clone and checkout finished (see repoClonedAt in the schema). */
export function markCloned(id: string): Promise<void> {
  return markClonedRow(id);
}

// ---- the start report ----

const MAX_LINES = 500;
const MAX_LINE = 2000;
/** Lines per phase kept in the stored copy (the live view and this process keep MAX_LINES). */
const STORED_LINES = 200;
type Section = { status: PhaseLog["status"]; lines: string[] };
const reports = processSlot("workspace-start-reports", () => new Map<string, Map<WorkspacePhase, Section>>());

function section(id: string, phase: WorkspacePhase): Section {
  const m = reports.get(id) ?? new Map<WorkspacePhase, Section>();
  reports.set(id, m);
  const s = m.get(phase) ?? { status: "pending", lines: [] };
  m.set(phase, s);
  return s;
}

/** A new start: every phase back to pending, no lines. */
export function resetReport(id: string): void {
  reports.set(id, new Map());
}

export function dropReport(id: string): void {
  reports.delete(id);
}

/** Marks a phase done unless it already ended otherwise (a Nix warning stays a warning). */
export function finishPhase(id: string, phase: WorkspacePhase): void {
  const s = section(id, phase);
  if (s.status === "running" || s.status === "pending") s.status = "done";
}

/** The start moved on to `phase`: shown as running, persisted as STARTING with `message`. */
export async function enterPhase(id: string, phase: WorkspacePhase, message: string): Promise<void> {
  section(id, phase).status = "running";
  await setState(id, { status: "STARTING", phase, message });
}

/** The phase ended with a warning (the start goes on). */
export function warnPhase(id: string, phase: WorkspacePhase): void {
  section(id, phase).status = "warning";
  publishWorkspaceEvent(id, "workspace:phase-warning", { id, phase });
}

export function logLine(id: string, phase: WorkspacePhase, text: string): void {
  const s = section(id, phase);
  for (const raw of text.split(/\r?\n|\r/)) {
    const line = raw.trimEnd().slice(0, MAX_LINE);
    if (!line) continue;
    s.lines.push(line);
    if (s.lines.length > MAX_LINES) s.lines.splice(0, s.lines.length - MAX_LINES);
    publishWorkspaceEvent(id, "workspace:log", { id, phase, line, at: new Date().toISOString() });
  }
}

/** Stores the report as it is now (lines logged after RUNNING: the setup hooks' output). */
export async function storeReport(id: string): Promise<void> {
  if (reports.has(id)) await writeStartReport(id, startReport(id, STORED_LINES));
}

export function reportProgress(id: string, phase: WorkspacePhase, percent: number): void {
  publishWorkspaceEvent(id, "workspace:progress", { id, phase, percent });
}

/**
 * The start failed in `phase`: the section is marked, and the workspace stored as ERROR with
 * `message` — a fixed sentence chosen by the caller, never an exception's text.
 */
export async function failStart(id: string, phase: WorkspacePhase, message: string): Promise<void> {
  section(id, phase).status = "error";
  logLine(id, phase, `error: ${message}`);
  await setState(id, { status: "ERROR", phase, message });
}

const REPORT_PHASES = WORKSPACE_PHASES.filter((p) => p !== "ready");

/** This process's start report of workspace `id`, all phases in order ("pending" if never run). */
export function startReport(id: string, lastLines = MAX_LINES): PhaseLog[] {
  const m = reports.get(id);
  return REPORT_PHASES.map((phase) => {
    const s = m?.get(phase);
    return { phase, status: s?.status ?? "pending", lines: s ? s.lines.slice(-lastLines) : [] };
  });
}

/**
 * The start report of `w`, all phases in order (those that never ran are "pending"): this process's
 * own if it ran the start, else the stored one. A workspace whose start predates stored reports
 * shows its stored failure in the phase that failed.
 */
export async function readStartReport(
  w: Pick<WorkspaceRow, "id" | "status" | "phase" | "statusMessage">,
): Promise<PhaseLog[]> {
  if (reports.has(w.id)) return startReport(w.id);
  const stored = await readStoredStartReport(w.id);
  const phases = REPORT_PHASES.map(
    (phase) => stored?.find((p) => p.phase === phase) ?? { phase, status: "pending" as const, lines: [] },
  );
  if (w.status === "ERROR" && w.statusMessage && phases.every((p) => p.lines.length === 0)) {
    const failed = phases.find((p) => p.phase === w.phase) ?? phases[0];
    if (failed) {
      failed.status = "error";
      failed.lines = w.statusMessage.split("\n");
    }
  }
  return phases;
}
