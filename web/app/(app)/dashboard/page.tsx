import type { Metadata } from "next";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Workspaces" };

export default function DashboardPage() {
  return (
    <main className="mx-auto w-full max-w-5xl flex-1 p-6">
      <h1 className="mb-6 text-2xl font-semibold">Workspaces</h1>
      <Card className="flex flex-col items-center gap-3 p-12 text-center">
        <p className="text-lg font-medium">No workspaces yet</p>
        <p className="max-w-md text-sm text-muted-fg">
          A workspace is a container with VS Code, your toolchain from a Nix template, and an AI agent.
        </p>
      </Card>
    </main>
  );
}
