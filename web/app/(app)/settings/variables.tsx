"use client";
// Settings: the person's variables and secrets for all their workspaces.
import { Card } from "@/components/ui/card";
import { VariablesEditor } from "@/components/variables/variables-editor";

export function VariablesSettings() {
  return (
    <Card className="space-y-4 p-6">
      <div>
        <h2 className="text-lg font-semibold">Variables and secrets</h2>
        <p className="text-sm text-muted-fg">
          Environment variables for the terminals, tasks and agent commands of all your workspaces, stored
          encrypted. A workspace's own variables (its Variables button) override these. Changes reach new
          terminals of running workspaces at once.
        </p>
      </div>
      <VariablesEditor basePath="/api/settings/variables" />
    </Card>
  );
}
