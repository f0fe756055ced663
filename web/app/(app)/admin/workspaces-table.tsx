"use client";
import { Card } from "@/components/ui/card";
import type { AdminWorkspaceView } from "@/contract/admin";
import { api } from "@/lib/api";
import { relativeTime } from "@/lib/relative-time";
import { ConfirmButton } from "./confirm-button";
import { AdminTable, Section } from "./section";
import { useAdminData } from "./use-admin-data";

const usage = (w: AdminWorkspaceView) =>
  w.usage
    ? `${w.usage.cpuPercent.toFixed(0)}% CPU · ${Math.round(w.usage.memoryMb)} / ${w.memoryMb} MiB`
    : `limit ${w.cpus} CPU · ${w.memoryMb} MiB`;

export function WorkspacesTable() {
  const { data, error, act } = useAdminData(
    "/api/admin/workspaces",
    (b: { workspaces: AdminWorkspaceView[] }) => b.workspaces,
  );

  const perform = (w: AdminWorkspaceView, what: "stop" | "delete") =>
    act(async () => {
      if (what === "stop") await api(`/api/admin/workspaces/${w.id}/stop`, { method: "POST" });
      else await api(`/api/admin/workspaces/${w.id}`, { method: "DELETE" });
      return `${w.name} ${what === "stop" ? "stopped" : "deleted"}`;
    });

  return (
    <Section title="Workspaces" error={error} loading={!data}>
      <Card className="overflow-x-auto">
        <AdminTable
          label="Workspaces"
          columns={["Workspace", "Owner", "Status", "Node", "Resources", "Active", ""]}
        >
          {data?.length === 0 ? (
            <tr>
              <td colSpan={7} className="p-3 text-muted-fg">
                No workspaces yet.
              </td>
            </tr>
          ) : null}
          {data?.map((w) => (
            <tr key={w.id} className="border-t border-border" data-testid={`workspace-${w.name}`}>
              <td className="p-3 font-medium">{w.name}</td>
              <td className="p-3">{w.owner.email}</td>
              <td className="p-3" title={w.statusMessage ?? undefined}>
                {w.status}
              </td>
              <td className="p-3">{w.node ?? "—"}</td>
              <td className="p-3">{usage(w)}</td>
              <td className="p-3">{relativeTime(w.lastActiveAt)}</td>
              <td className="flex justify-end gap-1 p-3">
                {w.status !== "STOPPED" ? (
                  <ConfirmButton
                    size="sm"
                    variant="secondary"
                    title={`Stop ${w.name}?`}
                    question={`The container of ${w.owner.email}'s workspace stops; its files are kept.`}
                    confirmLabel="Stop workspace"
                    onConfirm={() => perform(w, "stop")}
                  >
                    Stop
                  </ConfirmButton>
                ) : null}
                <ConfirmButton
                  size="sm"
                  variant="dangerGhost"
                  title={`Delete ${w.name}?`}
                  question={`${w.owner.email}'s workspace, its container and its volumes (all files in /workspace) are removed for good.`}
                  confirmLabel="Delete workspace"
                  onConfirm={() => perform(w, "delete")}
                >
                  Delete
                </ConfirmButton>
              </td>
            </tr>
          ))}
        </AdminTable>
      </Card>
    </Section>
  );
}
