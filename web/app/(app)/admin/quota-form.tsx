"use client";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import type { QuotaInput, QuotaView } from "@/contract/admin";
import { api } from "@/lib/api";
import { useToast } from "@/lib/toast";
import { Section } from "./section";
import { useAdminData } from "./use-admin-data";

const FIELDS = [
  { key: "perUser", label: "Running workspaces per user", env: "KALPANA_MAX_RUNNING_PER_USER" },
  { key: "total", label: "Running workspaces on the server", env: "KALPANA_MAX_RUNNING_TOTAL" },
] as const;

// An empty field means "no override": the environment's value applies.
export function QuotaForm() {
  const toast = useToast();
  const { data, error, reload } = useAdminData(
    "/api/admin/quotas",
    (b: { quotas: QuotaView }) => b.quotas,
    0,
  );
  const [draft, setDraft] = useState({ perUser: "", total: "" });
  const [fieldError, setFieldError] = useState<string | null>(null);
  useEffect(() => {
    if (data)
      setDraft({ perUser: String(data.overrides.perUser ?? ""), total: String(data.overrides.total ?? "") });
  }, [data]);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setFieldError(null);
    const body: QuotaInput = {
      perUser: draft.perUser.trim() ? Number(draft.perUser) : null,
      total: draft.total.trim() ? Number(draft.total) : null,
    };
    try {
      await api("/api/admin/quotas", { method: "PUT", json: body });
      toast.success("Quotas saved");
      await reload();
    } catch (err) {
      setFieldError((err as Error).message);
    }
  }

  return (
    <Section title="Quotas" error={error} loading={!data}>
      <Card className="p-4">
        <form onSubmit={save} className="flex flex-wrap items-end gap-4" aria-label="Quotas">
          {FIELDS.map((f) => (
            <div key={f.key} className="w-64">
              <Label htmlFor={`quota-${f.key}`}>{f.label}</Label>
              <Input
                id={`quota-${f.key}`}
                inputMode="numeric"
                placeholder={`default ${data?.defaults[f.key] ?? ""} (${f.env})`}
                value={draft[f.key]}
                onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
              />
              <p className="mt-1 text-xs text-muted-fg" data-testid={`quota-effective-${f.key}`}>
                In force: {data?.effective[f.key]}
              </p>
            </div>
          ))}
          <Button type="submit">Save quotas</Button>
        </form>
        {fieldError ? (
          <p role="alert" className="mt-2 text-sm text-danger">
            {fieldError}
          </p>
        ) : null}
      </Card>
    </Section>
  );
}
