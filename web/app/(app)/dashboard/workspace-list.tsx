"use client";
// The dashboard: the person's workspaces, kept live by socket status events (no polling).
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/spinner";
import { DeleteDialog } from "@/components/workspace/delete-dialog";
import type { WorkspaceView } from "@/contract/workspaces";
import { api } from "@/lib/api";
import { useWorkspaceActions } from "@/lib/workspace-actions";
import { useWorkspaceEvents } from "@/lib/workspace-socket";
import { WorkspaceRow } from "./workspace-row";

export function WorkspaceList() {
  const [items, setItems] = useState<WorkspaceView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<WorkspaceView | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const { workspaces } = await api<{ workspaces: WorkspaceView[] }>("/api/workspaces");
      setItems(workspaces);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  const upsert = (w: WorkspaceView) => setItems((list) => list?.map((x) => (x.id === w.id ? w : x)) ?? null);
  const actions = useWorkspaceActions(upsert, (id) =>
    setItems((list) => list?.filter((x) => x.id !== id) ?? null),
  );
  useWorkspaceEvents(items?.map((w) => w.id) ?? [], {
    "workspace:status": (e) =>
      setItems(
        (list) =>
          list?.map((x) =>
            x.id === e.id
              ? {
                  ...x,
                  status: e.status,
                  phase: e.phase,
                  statusMessage: e.message,
                  lastActiveAt: new Date().toISOString(),
                }
              : x,
          ) ?? null,
      ),
  });

  return (
    <>
      <div className="mb-6 flex items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Workspaces</h1>
          <p className="text-sm text-muted-fg">
            Containers with VS Code, your Nix toolchain and an AI agent.
          </p>
        </div>
        {items && items.length > 0 && (
          <Link href="/workspaces/new" className={linkButton}>
            + New workspace
          </Link>
        )}
      </div>
      {error ? (
        <Card role="alert" className="flex flex-col items-center gap-3 p-10 text-center">
          <p className="font-medium text-danger">Could not load your workspaces</p>
          <p className="text-sm text-muted-fg">{error}</p>
          <Button variant="secondary" onClick={load}>
            Try again
          </Button>
        </Card>
      ) : items === null ? (
        <ul aria-busy="true" aria-label="Loading workspaces" className="space-y-3">
          {[0, 1, 2].map((i) => (
            <li key={i}>
              <Skeleton className="h-[76px] w-full rounded-xl" />
            </li>
          ))}
        </ul>
      ) : items.length === 0 ? (
        <EmptyState />
      ) : (
        <ul aria-label="Your workspaces" className="space-y-3">
          {items.map((w) => (
            <WorkspaceRow
              key={w.id}
              workspace={w}
              actions={actions}
              onDelete={() => setDeleting(w)}
              onChange={upsert}
            />
          ))}
        </ul>
      )}
      <DeleteDialog workspace={deleting} onClose={() => setDeleting(null)} onConfirm={actions.remove} />
    </>
  );
}

const linkButton =
  "inline-flex h-10 shrink-0 items-center rounded-md bg-accent px-4 text-sm font-medium text-accent-fg hover:opacity-90";

function EmptyState() {
  return (
    <Card className="flex flex-col items-center gap-4 p-12 text-center">
      <span
        aria-hidden
        className="flex size-14 items-center justify-center rounded-2xl bg-accent/10 text-2xl text-accent"
      >
        ⌘
      </span>
      <div>
        <p className="text-lg font-medium">No workspaces yet</p>
        <p className="mx-auto mt-1 max-w-md text-sm text-muted-fg">
          A workspace is a container with VS Code, your toolchain from a Nix template, your repository, and an
          AI agent that works inside it.
        </p>
      </div>
      <Link href="/workspaces/new" className={linkButton}>
        Create your first workspace
      </Link>
    </Card>
  );
}
