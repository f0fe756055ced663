"use client";
// One workspace's live state: the view from the API, then socket events on top. After the socket
// reconnects everything is refetched, because events sent while it was down are gone.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { PhaseLog, WorkspaceStats, WorkspaceView } from "@/contract/workspaces";
import { type ApiError, api } from "@/lib/api";
import { emptyTimeline, timelineReducer } from "@/lib/provisioning";
import { getSocket, useSocketState, useWorkspaceEvents } from "@/lib/workspace-socket";

export function useWorkspaceLive(id: string) {
  const [workspace, setWorkspace] = useState<WorkspaceView | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [timeline, dispatch] = useReducer(timelineReducer, undefined, emptyTimeline);
  const [stats, setStats] = useState<WorkspaceStats | null>(null);
  const [idleStopsAt, setIdleStopsAt] = useState<string | null>(null);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [ideGeneration, setIdeGeneration] = useState(0); // bumps → the IDE iframe reloads
  const lastStatus = useRef<string | null>(null);
  const socketState = useSocketState();

  const track = useCallback((status: WorkspaceView["status"], since?: string) => {
    if (status === "STARTING" && lastStatus.current !== "STARTING")
      setStartedAt(since ? Date.parse(since) : Date.now());
    if (status === "RUNNING" && lastStatus.current && lastStatus.current !== "RUNNING")
      setIdeGeneration((g) => g + 1);
    if (status !== "RUNNING") {
      setStats(null);
      setIdleStopsAt(null);
    }
    lastStatus.current = status;
  }, []);

  const refresh = useCallback(async () => {
    try {
      const { workspace: w } = await api<{ workspace: WorkspaceView }>(`/api/workspaces/${id}`);
      track(w.status, w.updatedAt);
      setWorkspace(w);
      setLoadError(null);
      dispatch({ type: "status", status: w.status, phase: w.phase, message: w.statusMessage });
      const { phases } = await api<{ phases: PhaseLog[] }>(`/api/workspaces/${id}/logs`);
      dispatch({ type: "snapshot", phases });
      dispatch({ type: "status", status: w.status, phase: w.phase, message: w.statusMessage });
    } catch (err) {
      setLoadError(err as ApiError);
    }
  }, [id, track]);

  useEffect(() => {
    refresh();
  }, [refresh]);
  // A stop sends no output, only its final status event; if that one event is lost the view would
  // wait forever, so while stopping it also asks the API every few seconds.
  const status = workspace?.status;
  useEffect(() => {
    if (status !== "STOPPING") return;
    const t = setInterval(refresh, 3000);
    return () => clearInterval(t);
  }, [status, refresh]);

  const wasDown = useRef(false);
  useEffect(() => {
    if (socketState === "disconnected") wasDown.current = true;
    if (socketState === "connected" && wasDown.current) {
      wasDown.current = false;
      refresh();
    }
  }, [socketState, refresh]);

  // Presence: this tab counts as activity while it is in front (the server only counts such tabs).
  const sendPresence = useCallback(() => {
    getSocket().emit("workspace:presence", { id, active: document.visibilityState === "visible" });
  }, [id]);
  useEffect(() => {
    document.addEventListener("visibilitychange", sendPresence);
    return () => document.removeEventListener("visibilitychange", sendPresence);
  }, [sendPresence]);
  // Once running, presence again: the server then connects to the bridge and sends VS Code's
  // editor context (the agent panel's chips) as it changes.
  useEffect(() => {
    if (status === "RUNNING" && socketState === "connected") sendPresence();
  }, [status, socketState, sendPresence]);

  useWorkspaceEvents([id], {
    onJoined: sendPresence,
    "workspace:status": (e) => {
      if (e.status === "STARTING" && lastStatus.current !== "STARTING") dispatch({ type: "reset" });
      track(e.status);
      dispatch({ type: "status", status: e.status, phase: e.phase, message: e.message });
      setWorkspace((w) => w && { ...w, status: e.status, phase: e.phase, statusMessage: e.message });
    },
    "workspace:progress": (e) => dispatch({ type: "progress", phase: e.phase, percent: e.percent }),
    "workspace:log": (e) => dispatch({ type: "log", phase: e.phase, line: e.line }),
    "workspace:phase-warning": (e) => dispatch({ type: "warning", phase: e.phase }),
    "workspace:stats": (e) => setStats({ cpuPercent: e.cpuPercent, memoryMb: e.memoryMb }),
    "workspace:idle-warning": (e) => setIdleStopsAt(e.stopsAt),
  });

  /** "Keep working": presence from a tab in front resets the idle timer. */
  const keepAlive = useCallback(() => {
    sendPresence();
    setIdleStopsAt(null);
  }, [sendPresence]);

  const replace = useCallback(
    (w: WorkspaceView) => {
      if (w.status === "STARTING" && lastStatus.current !== "STARTING") dispatch({ type: "reset" });
      track(w.status);
      setWorkspace(w);
      dispatch({ type: "status", status: w.status, phase: w.phase, message: w.statusMessage });
    },
    [track],
  );

  return {
    workspace,
    loadError,
    timeline,
    stats,
    idleStopsAt,
    startedAt,
    ideGeneration,
    socketState,
    keepAlive,
    replace,
    refresh,
  };
}
