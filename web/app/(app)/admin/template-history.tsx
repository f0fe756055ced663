"use client";
// A template's versions, newest first; any one can be read, and copied into the editor to go back
// to it (saving then makes it the next version: versions are never rewritten).
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { AdminTemplateView, TemplateVersionView } from "@/contract/templates";
import { api } from "@/lib/api";
import { relativeTime } from "@/lib/relative-time";
import { useToast } from "@/lib/toast";

export function TemplateHistory({
  template: t,
  onLoad,
}: {
  template: AdminTemplateView;
  onLoad: (flake: string) => void;
}) {
  const toast = useToast();
  const [shown, setShown] = useState<TemplateVersionView | null>(null);

  async function show(version: number) {
    try {
      const r = await api<{ version: TemplateVersionView }>(
        `/api/admin/templates/${t.id}/versions/${version}`,
      );
      setShown(r.version);
    } catch (err) {
      toast.error((err as Error).message);
    }
  }

  return (
    <section aria-label="Version history" className="space-y-2">
      <h4 className="text-sm font-semibold">Version history</h4>
      <ul className="divide-y divide-border rounded-md border border-border text-sm">
        {t.versions.map((v) => (
          <li
            key={v.version}
            className="flex items-center gap-3 px-3 py-2"
            data-testid={`template-version-${v.version}`}
          >
            <span className="w-10 font-medium">v{v.version}</span>
            <span className="flex-1 text-muted-fg" title={new Date(v.createdAt).toLocaleString()}>
              {relativeTime(v.createdAt)}
              {v.version === t.currentVersion ? " · current" : ""}
            </span>
            <Button size="sm" variant="ghost" onClick={() => show(v.version)}>
              View
            </Button>
          </li>
        ))}
      </ul>
      {shown && (
        <div className="space-y-2">
          <div className="flex items-center justify-between text-sm">
            <span>flake.nix of v{shown.version}</span>
            <span className="space-x-1">
              <Button size="sm" variant="secondary" onClick={() => onLoad(shown.flake)}>
                Copy into the editor
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setShown(null)}>
                Hide
              </Button>
            </span>
          </div>
          <pre className="max-h-72 overflow-auto rounded-md border border-border bg-muted p-2 font-mono text-xs">
            {shown.flake}
          </pre>
        </div>
      )}
    </section>
  );
}
