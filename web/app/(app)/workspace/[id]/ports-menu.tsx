"use client";
// "Ports": what listens in the workspace, each opening its preview in a new tab (on the port's own
// origin, private to its owner). Refreshed every few seconds while the menu is open.
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import type { PortView } from "@/contract/workspaces";
import { ApiError, api } from "@/lib/api";

const item =
  "flex w-full items-center justify-between gap-3 rounded px-3 py-2 text-left text-sm hover:bg-muted focus:bg-muted focus:outline-none";
const POLL_MS = 3000;

export function PortsMenu({ workspaceId, running }: { workspaceId: string; running: boolean }) {
  const [open, setOpen] = useState(false);
  const [ports, setPorts] = useState<PortView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [manual, setManual] = useState("");
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open || !running) return;
    let stopped = false;
    const load = async () => {
      try {
        const r = await api<{ ports: PortView[] }>(`/api/workspaces/${workspaceId}/ports`);
        if (stopped) return;
        setPorts(r.ports);
        setError(null);
      } catch (e) {
        if (!stopped) setError(e instanceof ApiError ? e.message : "Could not list ports");
      }
    };
    void load();
    const timer = setInterval(load, POLL_MS);
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !root.current?.contains(e.target as Node))
        setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open, running, workspaceId]);

  const openPort = (port: number) =>
    window.open(`/w/${workspaceId}/preview/${port}`, "_blank", "noopener,noreferrer");
  const manualPort = Number(manual);
  const manualOk = Number.isInteger(manualPort) && manualPort >= 1 && manualPort <= 65535;

  return (
    <div className="relative" ref={root}>
      <Button
        size="sm"
        variant="ghost"
        disabled={!running}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="ports-button"
        title="Preview a port of this workspace in a new tab"
      >
        Ports
      </Button>
      {open && (
        <div
          role="menu"
          className="absolute right-0 z-30 mt-1 w-72 rounded-md border border-border bg-card p-1 shadow-lg"
          data-testid="ports-menu"
        >
          <div className="px-3 py-2 text-xs text-muted-fg">Listening in this workspace</div>
          {ports === null && !error && (
            <div className="flex items-center gap-2 px-3 py-2 text-sm text-muted-fg">
              <Spinner /> Looking…
            </div>
          )}
          {error && <div className="px-3 py-2 text-sm text-danger">{error}</div>}
          {ports?.length === 0 && (
            <div className="px-3 py-2 text-sm text-muted-fg">
              Nothing is listening yet. Start a dev server in the terminal (for example{" "}
              <code className="font-mono">npm run dev</code>) and it shows up here.
            </div>
          )}
          {ports?.map((p) => (
            <button
              key={p.port}
              type="button"
              role="menuitem"
              className={item}
              onClick={() => openPort(p.port)}
              data-testid={`port-${p.port}`}
            >
              <span className="font-mono">{p.port}</span>
              <span className="truncate text-xs text-muted-fg">{p.address} · open ↗</span>
            </button>
          ))}
          <form
            className="mt-1 flex gap-2 border-t border-border px-3 pt-2 pb-1"
            onSubmit={(e) => {
              e.preventDefault();
              if (manualOk) openPort(manualPort);
            }}
          >
            <input
              aria-label="Port number"
              inputMode="numeric"
              placeholder="Other port"
              value={manual}
              onChange={(e) => setManual(e.target.value.replace(/\D/g, "").slice(0, 5))}
              className="h-8 w-full rounded border border-border bg-bg px-2 text-sm"
            />
            <Button size="sm" variant="secondary" type="submit" disabled={!manualOk}>
              Open
            </Button>
          </form>
        </div>
      )}
    </div>
  );
}
