"use client";
// Templates from GET /api/templates as a radio group of cards, plus "Custom Nix". Native radios keep
// arrow-key navigation and screen-reader semantics for free.
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/spinner";
import { TemplateIcon } from "@/components/workspace/template-icon";
import type { TemplateView } from "@/contract/workspaces";
import { api } from "@/lib/api";
import { cn } from "@/lib/cn";

export const CUSTOM = "__custom__";

type Props = { value: string; onChange: (id: string, t?: TemplateView) => void; error?: string };

export function TemplateGallery({ value, onChange, error }: Props) {
  const [templates, setTemplates] = useState<TemplateView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the Retry trigger
  useEffect(() => {
    setLoadError(null);
    api<{ templates: TemplateView[] }>("/api/templates")
      .then((r) => setTemplates(r.templates))
      .catch((e: Error) => setLoadError(e.message));
  }, [attempt]);

  if (loadError)
    return (
      <div role="alert" className="flex items-center gap-3 rounded-lg border border-danger/40 p-4 text-sm">
        <span className="flex-1 text-danger">Could not load templates: {loadError}</span>
        <Button size="sm" variant="secondary" onClick={() => setAttempt((a) => a + 1)}>
          Retry
        </Button>
      </div>
    );
  if (!templates)
    return (
      <div role="status" aria-busy="true" aria-label="Loading templates" className="grid grid-cols-3 gap-3">
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <Skeleton key={i} className="h-32" />
        ))}
      </div>
    );
  const options = [
    ...templates.map((t) => ({
      id: t.id,
      name: t.name,
      description: t.description,
      icon: t.icon,
      t,
      tools: t.tools,
    })),
    {
      id: CUSTOM,
      name: "Custom Nix",
      description: "Bring your own flake.nix or shell.nix.",
      icon: "custom",
      t: undefined,
      tools: [],
    },
  ];
  return (
    <div
      role="radiogroup"
      aria-label="Template"
      aria-describedby={error ? "template-error" : undefined}
      className="grid grid-cols-3 gap-3"
    >
      {options.map((o) => (
        <label
          key={o.id}
          data-testid={`template-${o.id}`}
          className={cn(
            "flex cursor-pointer flex-col gap-2 rounded-lg border bg-card p-4 transition has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent",
            value === o.id ? "border-accent ring-1 ring-accent" : "border-border hover:border-muted-fg",
          )}
        >
          <input
            type="radio"
            name="template"
            value={o.id}
            checked={value === o.id}
            onChange={() => onChange(o.id, o.t)}
            className="sr-only"
          />
          <span className="flex items-center gap-3">
            <TemplateIcon template={o.id === CUSTOM ? "custom" : o.id} icon={o.icon} size={32} />
            <span className="font-medium">{o.name}</span>
          </span>
          <span className="text-xs text-muted-fg">{o.description}</span>
          {o.tools.length > 0 && (
            <span className="mt-auto flex flex-wrap gap-1">
              {o.tools.map((tool) => (
                <span key={tool.name} className="rounded bg-muted px-1.5 py-0.5 text-[11px] text-muted-fg">
                  {tool.name}
                </span>
              ))}
            </span>
          )}
        </label>
      ))}
      {error && (
        <p id="template-error" className="col-span-3 text-sm text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
