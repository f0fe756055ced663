"use client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { AdminUserView } from "@/contract/admin";
import { api } from "@/lib/api";
import { relativeTime } from "@/lib/relative-time";
import { ConfirmButton } from "./confirm-button";
import { AdminTable, Section } from "./section";
import { useAdminData } from "./use-admin-data";

export function UsersTable({ selfId }: { selfId: string }) {
  const { data, error, act } = useAdminData("/api/admin/users", (b: { users: AdminUserView[] }) => b.users);

  const setDisabled = (u: AdminUserView, disabled: boolean) =>
    act(async () => {
      await api(`/api/admin/users/${u.id}`, { method: "PATCH", json: { disabled } });
      return disabled ? `${u.email} is disabled` : `${u.email} can sign in again`;
    });

  return (
    <Section title="Users" error={error} loading={!data}>
      <Card className="overflow-x-auto">
        <AdminTable label="Users" columns={["Account", "Role", "Workspaces", "Joined", "Status", ""]}>
          {data?.map((u) => (
            <tr key={u.id} className="border-t border-border" data-testid={`user-${u.email}`}>
              <td className="p-3">
                <div className="font-medium">{u.name}</div>
                <div className="text-muted-fg">{u.email}</div>
              </td>
              <td className="p-3">{u.admin ? "Admin" : "User"}</td>
              <td className="p-3">
                {u.workspaces} ({u.running} running)
              </td>
              <td className="p-3">{relativeTime(u.createdAt)}</td>
              <td className="p-3">
                {u.disabledAt ? <span className="text-danger">Disabled</span> : "Active"}
              </td>
              <td className="p-3 text-right">
                {u.id === selfId ? null : u.disabledAt ? (
                  <Button size="sm" variant="secondary" onClick={() => setDisabled(u, false)}>
                    Enable
                  </Button>
                ) : (
                  <ConfirmButton
                    size="sm"
                    variant="dangerGhost"
                    title={`Disable ${u.email}?`}
                    question="They are signed out everywhere at once, their IDE and preview tabs stop working, their running workspaces stop, and they cannot sign in until you enable the account again. Their workspaces and files are kept."
                    confirmLabel="Disable account"
                    onConfirm={() => setDisabled(u, true)}
                  >
                    Disable
                  </ConfirmButton>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      </Card>
    </Section>
  );
}
