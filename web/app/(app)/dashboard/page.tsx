import type { Metadata } from "next";
import { WorkspaceList } from "./workspace-list";

export const metadata: Metadata = { title: "Workspaces" };

export default function DashboardPage() {
  return (
    <main className="mx-auto w-full max-w-5xl flex-1 p-6">
      <WorkspaceList />
    </main>
  );
}
