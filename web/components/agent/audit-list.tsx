"use client";
// The workspace's recent agent activity (GET /api/workspaces/<id>/audit).
import { useEffect, useState } from "react";
import type { AuditView } from "@/contract/agent";
import { agentApi } from "./api";

export function AuditList({ workspaceId }: { workspaceId: string }) {
  const [events, setEvents] = useState<AuditView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    agentApi(workspaceId)
      .audit()
      .then(setEvents, (e: Error) => setError(e.message));
  }, [workspaceId]);
  if (error) return <p className="p-3 text-xs text-danger">{error}</p>;
  if (!events) return <p className="p-3 text-xs text-muted-fg">Loading activity…</p>;
  if (events.length === 0) return <p className="p-3 text-xs text-muted-fg">No agent activity yet.</p>;
  return (
    <ul className="divide-y divide-border overflow-auto text-xs" data-testid="audit-list">
      {events.map((e) => (
        <li key={e.id} className="space-y-0.5 px-3 py-1.5">
          <div className="flex gap-2">
            <span className="font-mono font-medium">{e.action.replace(/^agent\./, "")}</span>
            <span className={e.outcome.startsWith("ok") ? "text-ok" : "text-danger"}>{e.outcome}</span>
            <span className="ml-auto text-muted-fg">
              {e.durationMs} ms · {new Date(e.createdAt).toLocaleTimeString()}
            </span>
          </div>
          <div className="truncate font-mono text-muted-fg" title={e.summary}>
            {e.summary}
          </div>
        </li>
      ))}
    </ul>
  );
}
