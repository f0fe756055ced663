// Per-workspace start log, one section per phase: kept in memory (bounded) for the logs API and
// streamed live to the room. The failing phase's last lines are also persisted in statusMessage.

import { processSlot } from "../process-state";
import { publish } from "../realtime/io";
import { type PhaseLog, WORKSPACE_PHASES, type WorkspacePhase } from "./schema";

const MAX_LINES = 500;
const MAX_LINE = 2000;
type Section = { status: PhaseLog["status"]; lines: string[] };
const logs = processSlot("workspace-phase-logs", () => new Map<string, Map<WorkspacePhase, Section>>());

export function resetPhaseLog(id: string): void {
  logs.set(id, new Map());
}

function section(id: string, phase: WorkspacePhase): Section {
  const m = logs.get(id) ?? new Map<WorkspacePhase, Section>();
  logs.set(id, m);
  const s = m.get(phase) ?? { status: "pending", lines: [] };
  m.set(phase, s);
  return s;
}

export function setPhaseStatus(id: string, phase: WorkspacePhase, status: Section["status"]): void {
  section(id, phase).status = status;
}

/** Marks a phase done unless it already ended otherwise (a Nix warning stays a warning). */
export function finishPhase(id: string, phase: WorkspacePhase): void {
  const s = section(id, phase);
  if (s.status === "running" || s.status === "pending") s.status = "done";
}

export function logLine(id: string, phase: WorkspacePhase, text: string): void {
  const s = section(id, phase);
  for (const raw of text.split(/\r?\n|\r/)) {
    const line = raw.trimEnd().slice(0, MAX_LINE);
    if (!line) continue;
    s.lines.push(line);
    if (s.lines.length > MAX_LINES) s.lines.splice(0, s.lines.length - MAX_LINES);
    publish(id, "workspace:log", { id, phase, line, at: new Date().toISOString() });
  }
}

export function lastLines(id: string, phase: WorkspacePhase, n = 8): string[] {
  return logs.get(id)?.get(phase)?.lines.slice(-n) ?? [];
}

/** All phases in order; phases that never ran are "pending" with no lines. */
export function getPhaseLog(id: string): PhaseLog[] {
  const m = logs.get(id);
  return WORKSPACE_PHASES.filter((p) => p !== "ready").map((phase) => {
    const s = m?.get(phase);
    return { phase, status: s?.status ?? "pending", lines: s ? [...s.lines] : [] };
  });
}

export function dropPhaseLog(id: string): void {
  logs.delete(id);
}
