"use client";
// Team templates made here: the list (archived ones greyed), a form to make or edit one, and each
// template's version history. A flake.nix runs as Nix code in every workspace made from the template.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { AdminTemplateView } from "@/contract/templates";
import { api } from "@/lib/api";
import { relativeTime } from "@/lib/relative-time";
import { AdminTable, Section } from "./section";
import { TemplateEditor } from "./template-editor";
import { useAdminData } from "./use-admin-data";

type Editing = { mode: "new" } | { mode: "edit"; id: string } | null;

export function TemplatesPanel() {
  const { data, error, act, reload } = useAdminData(
    "/api/admin/templates",
    (b: { templates: AdminTemplateView[] }) => b.templates,
    0,
  );
  const [editing, setEditing] = useState<Editing>(null);
  const current = editing?.mode === "edit" ? data?.find((t) => t.id === editing.id) : undefined;

  const setArchived = (t: AdminTemplateView, archived: boolean) =>
    act(async () => {
      await api(`/api/admin/templates/${t.id}/archive`, { method: "POST", json: { archived } });
      return archived ? `${t.id} is no longer offered for new workspaces` : `${t.id} is offered again`;
    });

  return (
    <Section
      title="Templates"
      error={error}
      loading={!data}
      actions={
        <Button size="sm" variant="secondary" onClick={() => setEditing({ mode: "new" })}>
          New template
        </Button>
      }
    >
      <p className="text-sm text-muted-fg">
        Team templates besides the built-in and folder ones. Saving a changed flake.nix makes a new version;
        existing workspaces keep theirs until their owner updates. A template's flake is Nix code that runs in
        every workspace made from it.
      </p>
      {data && data.length > 0 && (
        <Card className="overflow-x-auto">
          <AdminTable label="Templates" columns={["Template", "Version", "Updated", "Status", ""]}>
            {data.map((t) => (
              <tr key={t.id} className="border-t border-border" data-testid={`template-${t.id}`}>
                <td className="p-3">
                  <div className="font-medium">
                    {t.name} <span className="font-mono text-xs text-muted-fg">{t.id}</span>
                  </div>
                  <div className="text-muted-fg">{t.description}</div>
                </td>
                <td className="p-3">v{t.currentVersion}</td>
                <td className="p-3">{relativeTime(t.updatedAt)}</td>
                <td className="p-3">
                  {t.archivedAt ? <span className="text-muted-fg">Archived</span> : "Offered"}
                </td>
                <td className="space-x-1 whitespace-nowrap p-3 text-right">
                  <Button
                    size="sm"
                    variant="secondary"
                    onClick={() => setEditing({ mode: "edit", id: t.id })}
                  >
                    Edit
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setArchived(t, !t.archivedAt)}>
                    {t.archivedAt ? "Restore" : "Archive"}
                  </Button>
                </td>
              </tr>
            ))}
          </AdminTable>
        </Card>
      )}
      {editing && (editing.mode === "new" || current) && (
        <TemplateEditor
          key={editing.mode === "new" ? "new" : `${current?.id}-${current?.currentVersion}`}
          template={current}
          onClose={() => setEditing(null)}
          onSaved={async (t) => {
            await reload();
            setEditing({ mode: "edit", id: t.id });
          }}
        />
      )}
    </Section>
  );
}
