"use client";
// Making or editing a team template: details, default resources, extensions and flake.nix. The
// flake is checked while typing (the server's own check, contract/templates.ts); the server's
// refusals appear beside their fields.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import { type AdminTemplateView, flakeProblem } from "@/contract/templates";
import { ApiError, api } from "@/lib/api";
import { useToast } from "@/lib/toast";
import { NixEditor } from "../workspaces/new/nix-editor";
import { TemplateHistory } from "./template-history";

type Props = {
  template?: AdminTemplateView;
  onClose: () => void;
  onSaved: (t: AdminTemplateView) => void | Promise<void>;
};

const num = (s: string) => (s.trim() ? Number(s) : null);

export function TemplateEditor({ template: t, onClose, onSaved }: Props) {
  const toast = useToast();
  const [draft, setDraft] = useState({
    id: t?.id ?? "",
    name: t?.name ?? "",
    description: t?.description ?? "",
    icon: t?.icon ?? "",
    memoryMb: t?.memoryMb?.toString() ?? "",
    cpus: t?.cpus?.toString() ?? "",
    extensions: t?.extensions.join("\n") ?? "",
    flake: t?.flake ?? "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (k: keyof typeof draft) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const liveFlake = draft.flake ? flakeProblem(draft.flake) : null;

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    const body = {
      ...(t ? {} : { id: draft.id.trim() }),
      name: draft.name,
      description: draft.description,
      icon: draft.icon,
      memoryMb: num(draft.memoryMb),
      cpus: num(draft.cpus),
      extensions: draft.extensions.split(/\s+/).filter(Boolean),
      flake: draft.flake,
    };
    setSaving(true);
    try {
      const { template } = await api<{ template: AdminTemplateView }>(
        t ? `/api/admin/templates/${t.id}` : "/api/admin/templates",
        { method: t ? "PUT" : "POST", json: body },
      );
      toast.success(`${template.id} saved (v${template.currentVersion})`);
      await onSaved(template);
    } catch (err) {
      const fields = err instanceof ApiError ? err.fields : {};
      setErrors(fields);
      if (!Object.keys(fields).length) setFormError((err as Error).message);
    } finally {
      setSaving(false);
    }
  }

  const field = (k: keyof typeof draft, label: string, props: React.ComponentProps<typeof Input> = {}) => (
    <div>
      <Label htmlFor={`tpl-${k}`}>{label}</Label>
      <Input
        id={`tpl-${k}`}
        value={draft[k]}
        aria-invalid={!!errors[k]}
        aria-describedby={errors[k] ? `tpl-${k}-error` : undefined}
        onChange={(e) => set(k)(e.target.value)}
        {...props}
      />
      {errors[k] && (
        <p id={`tpl-${k}-error`} className="mt-1 text-sm text-danger">
          {errors[k]}
        </p>
      )}
    </div>
  );

  return (
    <Card className="space-y-4 p-4">
      <div className="flex items-center justify-between">
        <h3 className="font-semibold">{t ? `Edit ${t.id} (v${t.currentVersion})` : "New template"}</h3>
        <Button size="sm" variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
      <form onSubmit={save} className="space-y-4" aria-label={t ? `Edit template ${t.id}` : "New template"}>
        <div className="grid gap-4 md:grid-cols-2">
          {!t && field("id", "Id (lowercase, e.g. data-science)", { placeholder: "data-science" })}
          {field("name", "Name")}
          {field("description", "Description")}
          {field("icon", "Icon (an emoji or a short name)")}
          {field("memoryMb", "Default memory (MiB, empty: server default)", { inputMode: "numeric" })}
          {field("cpus", "Default CPUs (empty: server default)", { inputMode: "decimal" })}
        </div>
        <div>
          <Label htmlFor="tpl-extensions">VS Code extensions (publisher.name, one per line)</Label>
          <textarea
            id="tpl-extensions"
            rows={3}
            className="w-full rounded-md border border-border bg-card p-2 font-mono text-sm aria-invalid:border-danger"
            value={draft.extensions}
            aria-invalid={!!errors.extensions}
            onChange={(e) => set("extensions")(e.target.value)}
          />
          {errors.extensions && <p className="mt-1 text-sm text-danger">{errors.extensions}</p>}
        </div>
        <div>
          <Label htmlFor="tpl-flake">flake.nix</Label>
          <NixEditor
            id="tpl-flake"
            value={draft.flake}
            onChange={set("flake")}
            kind="flake"
            error={errors.flake ?? liveFlake ?? undefined}
          />
        </div>
        {formError && (
          <p role="alert" className="text-sm text-danger">
            {formError}
          </p>
        )}
        <Button type="submit" disabled={saving || !!liveFlake}>
          {t ? "Save (a changed flake becomes a new version)" : "Create template"}
        </Button>
      </form>
      {t && <TemplateHistory template={t} onLoad={set("flake")} />}
    </Card>
  );
}
