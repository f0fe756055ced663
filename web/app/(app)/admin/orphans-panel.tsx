"use client";
import { Card } from "@/components/ui/card";
import type { OrphanView } from "@/contract/admin";
import { api } from "@/lib/api";
import { ConfirmButton } from "./confirm-button";
import { Section } from "./section";
import { useAdminData } from "./use-admin-data";

// Containers and volumes labelled as workspaces whose workspace no longer exists.
export function OrphansPanel() {
  const { data, error, act } = useAdminData(
    "/api/admin/orphans",
    (b: { orphans: OrphanView[] }) => b.orphans,
    0,
  );

  const clean = () =>
    act(async () => {
      const r = await api<{ removed: string[] }>("/api/admin/orphans", { method: "DELETE" });
      return `Removed ${r.removed.length} leftover workspace${r.removed.length === 1 ? "" : "s"}`;
    });

  return (
    <Section
      title="Orphaned containers and volumes"
      error={error}
      loading={!data}
      actions={
        data?.length ? (
          <ConfirmButton
            size="sm"
            variant="danger"
            title="Remove every orphan?"
            question="These containers and volumes belong to no workspace. Removing them deletes their files for good."
            confirmLabel="Remove orphans"
            onConfirm={clean}
          >
            Clean up
          </ConfirmButton>
        ) : null
      }
    >
      <Card className="p-4 text-sm" data-testid="orphans">
        {data?.length === 0 ? (
          <p className="text-muted-fg">No orphans: every container and volume belongs to a workspace.</p>
        ) : (
          <ul className="space-y-1">
            {data?.map((o) => (
              <li key={o.workspaceId}>
                <span className="font-mono">{o.workspaceId}</span>:{" "}
                {o.container ? `container (${o.container.state})` : "no container"}, {o.volumes.length} volume
                {o.volumes.length === 1 ? "" : "s"}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </Section>
  );
}
