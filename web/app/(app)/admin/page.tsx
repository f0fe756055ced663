import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { isAdmin } from "@/server/admin/roles";
import { getSessionUser } from "@/server/auth/session";
import { AuditLog } from "./audit-log";
import { OrphansPanel } from "./orphans-panel";
import { QuotaForm } from "./quota-form";
import { TemplatesPanel } from "./templates-panel";
import { UsersTable } from "./users-table";
import { WorkspacesTable } from "./workspaces-table";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

// Everyone but an administrator sees the ordinary 404 page: the console does not exist for them.
export default async function AdminPage() {
  const user = await getSessionUser(await headers());
  if (!user || !(await isAdmin(user))) notFound();
  return (
    <main className="mx-auto w-full max-w-6xl flex-1 space-y-6 p-6">
      <div>
        <h1 className="text-2xl font-semibold">Admin</h1>
        <p className="text-sm text-muted-fg">
          Accounts, every workspace on this server, quotas, team templates, leftovers and the audit trail.
          Every action here is recorded in the audit log.
        </p>
      </div>
      <UsersTable selfId={user.id} />
      <WorkspacesTable />
      <QuotaForm />
      <TemplatesPanel />
      <OrphansPanel />
      <AuditLog />
    </main>
  );
}
