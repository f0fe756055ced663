"use client";
// The agent's default model, from the operator's allowed list (GET /api/models). It is saved with the
// provider key row, so without a key of your own the server's default applies.
import { useEffect, useState } from "react";
import { Skeleton } from "@/components/ui/spinner";
import type { ModelsView as Models } from "@/contract/agent";
import type { StoredKey } from "@/contract/settings";
import { api } from "@/lib/api";
import { useToast } from "@/lib/toast";

export function DefaultModel({
  stored,
  onSaved,
}: {
  stored: StoredKey | undefined;
  onSaved: (k: StoredKey) => void;
}) {
  const toast = useToast();
  const [models, setModels] = useState<Models | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<Models>("/api/models")
      .then(setModels)
      .catch((e: Error) => setError(e.message));
  }, []);

  async function choose(id: string) {
    try {
      const r = await api<{ key: StoredKey }>("/api/settings/provider-key", {
        method: "PUT",
        json: { defaultModel: id },
      });
      onSaved(r.key);
      toast.success(`Default model: ${models?.models.find((m) => m.id === id)?.name ?? id}`);
    } catch (err) {
      toast.error(`Could not save the default model: ${(err as Error).message}`);
    }
  }

  return (
    <div className="border-t border-border pt-5">
      <label htmlFor="default-model" className="mb-1 block text-sm font-medium">
        Default model
      </label>
      {error ? (
        <p role="alert" className="text-sm text-danger">
          Could not load the models: {error}
        </p>
      ) : !models || stored === undefined ? (
        <Skeleton className="h-10" />
      ) : (
        <>
          <select
            id="default-model"
            disabled={!stored}
            value={stored?.defaultModel ?? models.default}
            onChange={(e) => choose(e.target.value)}
            className="h-10 w-full rounded-md border border-border bg-card px-3 text-sm disabled:opacity-60"
          >
            {models.models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name === m.id ? m.id : `${m.name} (${m.id})`}
              </option>
            ))}
          </select>
          <p className="mt-1 text-xs text-muted-fg">
            {stored
              ? "New conversations start with this model; you can switch per conversation."
              : `Add your key above to choose one. Until then the server default (${models.default}) is used.`}
          </p>
        </>
      )}
    </div>
  );
}
