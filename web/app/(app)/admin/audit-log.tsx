"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import type { AdminAuditView, AdminUserView } from "@/contract/admin";
import { AdminTable, Section } from "./section";
import { useAdminData } from "./use-admin-data";

type Filters = { actor: string; action: string; workspace: string; from: string; to: string };
const EMPTY: Filters = { actor: "", action: "", workspace: "", from: "", to: "" };

/** Filters → the query string of GET /api/admin/audit (datetime-local values are local time). */
function query(f: Filters): string {
  const q = new URLSearchParams();
  for (const k of ["actor", "action", "workspace"] as const) if (f[k].trim()) q.set(k, f[k].trim());
  for (const k of ["from", "to"] as const) if (f[k]) q.set(k, new Date(f[k]).toISOString());
  return q.toString();
}

export function AuditLog() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState("");
  const { data, error } = useAdminData(
    `/api/admin/audit${applied ? `?${applied}` : ""}`,
    (b: { events: AdminAuditView[] }) => b.events,
  );
  const users = useAdminData("/api/admin/users", (b: { users: AdminUserView[] }) => b.users, 0).data;
  const field = (k: keyof Filters, label: string, type = "text", placeholder = "") => (
    <div className="w-48">
      <Label htmlFor={`audit-${k}`}>{label}</Label>
      <Input
        id={`audit-${k}`}
        type={type}
        placeholder={placeholder}
        value={draft[k]}
        onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
      />
    </div>
  );
  return (
    <Section title="Audit log" error={error} loading={!data}>
      <Card className="space-y-3 p-4">
        <form
          aria-label="Audit filters"
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            setApplied(query(draft));
          }}
        >
          <div className="w-56">
            <Label htmlFor="audit-actor">Actor</Label>
            <select
              id="audit-actor"
              className="h-10 w-full rounded-md border border-border bg-card px-3 text-sm"
              value={draft.actor}
              onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
            >
              <option value="">Everyone</option>
              {users?.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.email}
                </option>
              ))}
            </select>
          </div>
          {field("action", "Action", "text", "admin. or workspace.stop")}
          {field("workspace", "Workspace id")}
          {field("from", "From", "datetime-local")}
          {field("to", "To", "datetime-local")}
          <Button type="submit" variant="secondary">
            Filter
          </Button>
        </form>
        <div className="overflow-x-auto">
          <AdminTable
            label="Audit events"
            columns={["When", "Actor", "Action", "Workspace", "Summary", "Outcome"]}
            cell="p-2"
          >
            {data?.map((e) => (
              <tr key={e.id} className="border-t border-border align-top">
                <td className="whitespace-nowrap p-2">{new Date(e.createdAt).toLocaleString()}</td>
                <td className="p-2" title={e.userId}>
                  {e.actorEmail ?? e.userId}
                </td>
                <td className="p-2 font-mono">{e.action}</td>
                <td className="p-2 font-mono text-xs">{e.workspaceId ?? "—"}</td>
                <td className="max-w-md break-words p-2">{e.summary}</td>
                <td className="p-2">{e.outcome}</td>
              </tr>
            ))}
          </AdminTable>
          {data?.length === 0 ? <p className="p-2 text-sm text-muted-fg">No events match.</p> : null}
        </div>
      </Card>
    </Section>
  );
}
