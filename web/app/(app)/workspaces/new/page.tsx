import type { Metadata } from "next";
import { config } from "@/server/config";
import { CreateWorkspaceForm } from "./create-form";

export const metadata: Metadata = { title: "New workspace" };
export const dynamic = "force-dynamic";

export default function NewWorkspacePage() {
  const c = config();
  return (
    <main className="mx-auto w-full max-w-4xl flex-1 p-6">
      <h1 className="text-2xl font-semibold">New workspace</h1>
      <p className="mb-6 text-sm text-muted-fg">
        Pick a toolchain, optionally a repository, and the resources it gets.
      </p>
      <CreateWorkspaceForm
        defaults={{ memoryMb: c.KALPANA_WORKSPACE_MEMORY_MB, cpus: c.KALPANA_WORKSPACE_CPUS }}
        githubUrl={c.GITHUB_URL}
      />
    </main>
  );
}
