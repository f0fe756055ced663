// The provisioning timeline as a pure reducer: a snapshot from GET /logs, then live socket events.
// Kept free of React so the phase bookkeeping (what is done, running, failed) is testable.
import type {
  LogEvent,
  PhaseLog,
  PhaseWarningEvent,
  ProgressEvent,
  StatusEvent,
  WorkspacePhase,
  WorkspaceStatus,
} from "../contract/workspaces";

export const TIMELINE_PHASES = ["container", "bridge", "clone", "nix", "ide"] as const;
export type TimelinePhase = (typeof TIMELINE_PHASES)[number];
export type PhaseStatus = PhaseLog["status"];
export type Timeline = {
  phases: Record<TimelinePhase, { status: PhaseStatus; lines: string[] }>;
  percent: number | null; // clone progress
  message: string | null;
};

const MAX_LINES = 400;

export function emptyTimeline(): Timeline {
  const phases = Object.fromEntries(
    TIMELINE_PHASES.map((p) => [p, { status: "pending" as const, lines: [] }]),
  );
  return { phases: phases as unknown as Timeline["phases"], percent: null, message: null };
}

const isTimeline = (p: string): p is TimelinePhase => (TIMELINE_PHASES as readonly string[]).includes(p);

export type TimelineEvent =
  | { type: "snapshot"; phases: PhaseLog[] }
  | { type: "reset" }
  | ({ type: "status" } & Omit<StatusEvent, "id">)
  | ({ type: "progress" } & Omit<ProgressEvent, "id">)
  | ({ type: "log" } & Pick<LogEvent, "phase" | "line">)
  | ({ type: "warning" } & Omit<PhaseWarningEvent, "id">);

export function timelineReducer(t: Timeline, e: TimelineEvent): Timeline {
  switch (e.type) {
    case "reset":
      return emptyTimeline();
    case "snapshot": {
      const next = emptyTimeline();
      for (const p of e.phases)
        if (isTimeline(p.phase))
          next.phases[p.phase] = { status: p.status, lines: p.lines.slice(-MAX_LINES) };
      return { ...next, message: t.message, percent: t.percent };
    }
    case "log": {
      if (!isTimeline(e.phase)) return t;
      const cur = t.phases[e.phase];
      const lines = [...cur.lines, e.line].slice(-MAX_LINES);
      return { ...t, phases: { ...t.phases, [e.phase]: { ...cur, lines } } };
    }
    case "warning": {
      if (!isTimeline(e.phase)) return t;
      return { ...t, phases: { ...t.phases, [e.phase]: { ...t.phases[e.phase], status: "warning" } } };
    }
    case "progress":
      return { ...t, percent: Math.max(0, Math.min(100, e.percent)) };
    case "status":
      return applyStatus(t, e.status, e.phase, e.message);
  }
}

function applyStatus(
  t: Timeline,
  status: WorkspaceStatus,
  phase: WorkspacePhase | null,
  message: string | null,
): Timeline {
  const phases = { ...t.phases };
  const at = phase && isTimeline(phase) ? TIMELINE_PHASES.indexOf(phase) : -1;
  TIMELINE_PHASES.forEach((p, i) => {
    const cur = phases[p];
    const settled = cur.status === "warning" || cur.status === "error";
    if (status === "STARTING" && at >= 0) {
      // Earlier phases finished (keeping a warning), the named one runs, later ones wait.
      const s: PhaseStatus = i < at ? (settled ? cur.status : "done") : i === at ? "running" : "pending";
      phases[p] = { ...cur, status: i < at ? s : i === at && cur.status === "warning" ? "warning" : s };
    } else if (status === "RUNNING") {
      phases[p] = { ...cur, status: settled ? cur.status : "done" };
    } else if (status === "ERROR" && cur.status === "running") {
      phases[p] = { ...cur, status: "error" };
    }
  });
  if (status === "ERROR" && at >= 0 && phases[TIMELINE_PHASES[at]!].status !== "error")
    phases[TIMELINE_PHASES[at]!] = { ...phases[TIMELINE_PHASES[at]!], status: "error" };
  return { ...t, phases, message, percent: status === "STARTING" ? t.percent : null };
}

/** The phase to show expanded: the failing one, else the running one, else the last with output. */
export function focusPhase(t: Timeline): TimelinePhase {
  const by = (s: PhaseStatus) => TIMELINE_PHASES.find((p) => t.phases[p].status === s);
  return (
    by("error") ??
    by("running") ??
    [...TIMELINE_PHASES].reverse().find((p) => t.phases[p].lines.length) ??
    "container"
  );
}
