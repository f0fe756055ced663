"use client";
// The workspace's MCP servers (.kalpana/mcp.json), above the activity log: whether each connected,
// the tools it gives the agent, and why not when it did not. Checking starts and stops them. When
// the file declares remote servers, the person's switch for them (off by default) is here too.
import { useCallback, useEffect, useState } from "react";
import type { McpStatus } from "@/contract/mcp";
import { agentApi } from "./api";

const TONE = { connected: "text-ok", error: "text-danger", disabled: "text-muted-fg" } as const;

export function McpServers({ workspaceId }: { workspaceId: string }) {
  const [status, setStatus] = useState<McpStatus | null>(null);
  const [allowRemote, setAllowRemote] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const check = useCallback(() => {
    setBusy(true);
    setError(null);
    agentApi(workspaceId)
      .mcp()
      .then(
        (r) => {
          setStatus(r.mcp);
          setAllowRemote(r.allowRemote);
        },
        (e: Error) => setError(e.message),
      )
      .finally(() => setBusy(false));
  }, [workspaceId]);
  useEffect(check, [check]);
  const toggleRemote = (allow: boolean) => {
    setBusy(true);
    setError(null);
    agentApi(workspaceId)
      .setMcpRemote(allow)
      .then(
        () => check(),
        (e: Error) => {
          setError(e.message);
          setBusy(false);
        },
      );
  };
  if (!status?.configured && !error) return null; // nothing declared: nothing to show
  return (
    <section className="border-b border-border px-3 py-2 text-xs" data-testid="mcp-servers">
      <div className="flex items-center gap-2">
        <span className="font-medium">MCP servers</span>
        <button
          type="button"
          onClick={check}
          disabled={busy}
          className="ml-auto text-muted-fg hover:underline"
        >
          {busy ? "Checking…" : "Check again"}
        </button>
      </div>
      {error && <p className="text-danger">{error}</p>}
      {status && (
        <McpServerList status={status} remote={{ allowed: allowRemote, busy, onChange: toggleRemote }} />
      )}
    </section>
  );
}

/** The servers and their tools (pure, so a test can render it without a browser). */
export function McpServerList({
  status,
  remote,
}: {
  status: McpStatus;
  remote?: { allowed: boolean; busy?: boolean; onChange: (allow: boolean) => void };
}) {
  const hasRemote = status.servers.some((s) => s.kind === "remote");
  return (
    <>
      {status.configError && <p className="text-danger">{status.configError}</p>}
      {remote && (hasRemote || remote.allowed) && (
        <div className="mt-1" data-testid="mcp-remote">
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={remote.allowed}
              disabled={remote.busy}
              onChange={(e) => remote.onChange(e.target.checked)}
            />
            Allow remote MCP servers for this workspace
          </label>
          <p className="text-muted-fg">
            The web server connects to these URLs; their tools see what the agent sends them.
          </p>
        </div>
      )}
      <ul className="mt-1 space-y-1">
        {status.servers.map((s) => (
          <li key={s.name} data-testid={`mcp-server-${s.name}`}>
            <div className="flex gap-2">
              <span className="font-mono">{s.name}</span>
              <span className={TONE[s.status]}>{s.status}</span>
              <span className="ml-auto truncate text-muted-fg" title={s.tools.join("\n")}>
                {s.tools.length} {s.tools.length === 1 ? "tool" : "tools"}
              </span>
            </div>
            {s.error && <p className="break-words text-muted-fg">{s.error}</p>}
          </li>
        ))}
      </ul>
    </>
  );
}
