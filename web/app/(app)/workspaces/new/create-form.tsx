"use client";
// The create flow: name → template (or custom Nix) → repository → resources → submit. Client checks
// run on submit and then live; the server's refusal lands next to the field its details name.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import type { WorkspaceView } from "@/contract/workspaces";
import { ApiError, api } from "@/lib/api";
import {
  type CreateErrors,
  type CreateForm,
  serverErrors,
  validateCreateForm,
} from "@/lib/create-workspace-validation";
import { useToast } from "@/lib/toast";
import { NixEditor } from "./nix-editor";
import { RepoConfigPanel } from "./repo-config-panel";
import { RepoPicker } from "./repo-picker";
import { ResourcePicker } from "./resource-picker";
import { CUSTOM, TemplateGallery } from "./template-gallery";

type Props = { defaults: { memoryMb: number; cpus: number }; githubUrl: string };

export function CreateWorkspaceForm({ defaults, githubUrl }: Props) {
  const router = useRouter();
  const toast = useToast();
  const [form, setForm] = useState<CreateForm>({
    name: "",
    source: "template",
    template: "",
    nixConfig: "",
    nixConfigKind: "flake",
    repoUrl: "",
    branch: "",
    ...defaults,
  });
  const [errors, setErrors] = useState<CreateErrors & { form?: string }>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  // A template may need more than the server default; the server allows the larger of the two.
  const [templateNeeds, setTemplateNeeds] = useState<{ memoryMb?: number; cpus?: number }>({});
  const limits = {
    maxMemoryMb: Math.max(defaults.memoryMb, templateNeeds.memoryMb ?? 0),
    maxCpus: Math.max(defaults.cpus, templateNeeds.cpus ?? 0),
  };

  function update(patch: Partial<CreateForm>) {
    const next = { ...form, ...patch };
    setForm(next);
    if (submitted) {
      const r = validateCreateForm(next, limits);
      setErrors(r.ok ? {} : r.errors);
    }
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    const r = validateCreateForm(form, limits);
    if (!r.ok) {
      setErrors(r.errors);
      document.querySelector<HTMLElement>('[aria-invalid="true"], #template-error')?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const { workspace } = await api<{ workspace: WorkspaceView }>("/api/workspaces", {
        method: "POST",
        json: r.input,
      });
      toast.success(`Creating “${workspace.name}”…`);
      router.push(`/workspace/${workspace.id}`);
    } catch (err) {
      const refused = err instanceof ApiError ? err : new ApiError(0, "internal", (err as Error).message);
      const next = serverErrors(refused.fields, refused.message);
      setErrors(next);
      if (next.form) toast.error(next.form);
      setBusy(false);
    }
  }

  const section = "space-y-3 p-6";
  return (
    <form onSubmit={submit} noValidate aria-label="New workspace" className="space-y-4">
      <Card className={section}>
        <Label htmlFor="ws-name">Name</Label>
        <Input
          id="ws-name"
          autoFocus
          placeholder="my-project"
          maxLength={60}
          value={form.name}
          aria-invalid={!!errors.name}
          aria-describedby={errors.name ? "ws-name-error" : undefined}
          onChange={(e) => update({ name: e.target.value })}
        />
        {errors.name && (
          <p id="ws-name-error" className="text-sm text-danger">
            {errors.name}
          </p>
        )}
      </Card>
      <Card className={section}>
        <h2 className="font-medium">Toolchain</h2>
        {form.portable && (
          <p className="text-sm text-muted-fg">
            Starting from the repository's <code className="font-mono">{form.portable.path}</code> (below)
            instead.
          </p>
        )}
        <TemplateGallery
          value={form.source === "custom" ? CUSTOM : form.template}
          error={errors.template}
          onChange={(id, t) => {
            setTemplateNeeds(t?.resources ?? {});
            if (id === CUSTOM) update({ source: "custom", template: "", ...defaults });
            else
              update({
                source: "template",
                template: id,
                memoryMb: t?.resources?.memoryMb ?? defaults.memoryMb,
                cpus: t?.resources?.cpus ?? defaults.cpus,
              });
          }}
        />
        {form.source === "custom" && (
          <NixEditor
            value={form.nixConfig}
            kind={form.nixConfigKind}
            error={errors.nixConfig}
            onChange={(nixConfig) => update({ nixConfig })}
            onKindChange={(nixConfigKind) => update({ nixConfigKind })}
          />
        )}
      </Card>
      <Card className={section}>
        <h2 className="font-medium">Repository</h2>
        <RepoPicker
          repoUrl={form.repoUrl}
          branch={form.branch}
          githubUrl={githubUrl}
          errors={errors}
          onChange={(v) => update(v)}
        />
        <RepoConfigPanel
          repoUrl={form.repoUrl}
          branch={form.branch}
          githubUrl={githubUrl}
          chosen={form.portable ?? null}
          onChoose={(portable) => setForm((f) => ({ ...f, portable }))}
        />
      </Card>
      <Card className={section}>
        <h2 className="font-medium">Resources</h2>
        <ResourcePicker
          memoryMb={form.memoryMb}
          cpus={form.cpus}
          max={{ memoryMb: limits.maxMemoryMb, cpus: limits.maxCpus }}
          errors={errors}
          onChange={(v) => update(v)}
        />
      </Card>
      {errors.form && (
        <p role="alert" className="rounded-md border border-danger/40 px-3 py-2 text-sm text-danger">
          {errors.form}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={() => router.push("/dashboard")}>
          Cancel
        </Button>
        <Button type="submit" disabled={busy} className="w-44">
          {busy ? "Creating…" : "Create workspace"}
        </Button>
      </div>
    </form>
  );
}
