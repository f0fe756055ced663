"use client";
// The person's own OpenRouter key: stored encrypted on the server, only ever shown as ••••last4.
// Test checks the typed key (or the stored one) against OpenRouter before the agent needs it.
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import { Skeleton, Spinner } from "@/components/ui/spinner";
import type { KeyTestResult, StoredKey } from "@/contract/settings";
import { ApiError, api } from "@/lib/api";
import { cn } from "@/lib/cn";
import { useToast } from "@/lib/toast";
import { DefaultModel } from "./default-model";

export function ProviderKeySettings() {
  const toast = useToast();
  const [stored, setStored] = useState<StoredKey | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState<"save" | "test" | "remove" | null>(null);
  const [result, setResult] = useState<KeyTestResult | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);

  useEffect(() => {
    api<{ key: StoredKey }>("/api/settings/provider-key")
      .then((r) => setStored(r.key))
      .catch((e: Error) => setLoadError(e.message));
  }, []);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setBusy("save");
    setFieldError(null);
    try {
      const r = await api<{ key: StoredKey }>("/api/settings/provider-key", {
        method: "PUT",
        json: { apiKey: draft },
      });
      setStored(r.key);
      setDraft("");
      setResult(null);
      toast.success("API key saved");
    } catch (err) {
      // The field the details name; a refusal of something else still shows here, as it is.
      const fields = err instanceof ApiError ? err.fields : {};
      setFieldError(fields.apiKey ?? (err as Error).message);
    } finally {
      setBusy(null);
    }
  }

  async function test() {
    setBusy("test");
    setResult(null);
    try {
      setResult(
        await api<KeyTestResult>("/api/settings/provider-key/test", {
          method: "POST",
          json: draft ? { apiKey: draft } : {},
        }),
      );
    } catch (err) {
      setResult({ ok: false, status: 0, message: (err as Error).message });
    } finally {
      setBusy(null);
    }
  }

  async function remove() {
    setBusy("remove");
    try {
      await api("/api/settings/provider-key", { method: "DELETE" });
      setStored(null);
      setResult(null);
      toast.success("API key removed");
    } catch (err) {
      toast.error(`Could not remove the key: ${(err as Error).message}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card className="space-y-5 p-6">
      <div>
        <h2 className="text-lg font-semibold">Model provider</h2>
        <p className="text-sm text-muted-fg">
          The agent uses your own{" "}
          <a
            className="text-accent underline"
            href="https://openrouter.ai/keys"
            target="_blank"
            rel="noreferrer"
          >
            OpenRouter API key
          </a>{" "}
          when you add one; otherwise the server's key, if the operator set one. It is stored encrypted.
        </p>
      </div>
      {loadError ? (
        <p role="alert" className="text-sm text-danger">
          Could not load your key: {loadError}
        </p>
      ) : stored === undefined ? (
        <Skeleton className="h-24" />
      ) : (
        <form onSubmit={save} className="space-y-3" aria-label="OpenRouter API key">
          <div
            className="flex h-10 items-center gap-3 rounded-md bg-muted px-3 text-sm"
            data-testid="stored-key"
          >
            {stored ? (
              <>
                <span className="font-mono tracking-wider">••••{stored.last4}</span>
                <span className="text-xs text-muted-fg">
                  saved {new Date(stored.updatedAt).toLocaleDateString()}
                </span>
                <Button
                  size="sm"
                  variant="ghost"
                  className="ml-auto h-7 text-danger"
                  disabled={!!busy}
                  onClick={remove}
                >
                  {busy === "remove" ? "Removing…" : "Remove"}
                </Button>
              </>
            ) : (
              <span className="text-muted-fg">No key saved</span>
            )}
          </div>
          <div>
            <Label htmlFor="api-key">{stored ? "Replace the key" : "API key"}</Label>
            <div className="flex gap-2">
              <Input
                id="api-key"
                type="password"
                autoComplete="off"
                placeholder="sk-or-v1-…"
                value={draft}
                aria-invalid={!!fieldError}
                aria-describedby={fieldError ? "api-key-error" : undefined}
                onChange={(e) => setDraft(e.target.value)}
              />
              <Button type="submit" className="w-24" disabled={!draft.trim() || !!busy}>
                {busy === "save" ? "Saving…" : "Save"}
              </Button>
              <Button
                variant="secondary"
                className="w-24"
                disabled={(!draft.trim() && !stored) || !!busy}
                onClick={test}
              >
                {busy === "test" ? <Spinner /> : "Test"}
              </Button>
            </div>
            {fieldError && (
              <p id="api-key-error" className="mt-1 text-sm text-danger">
                {fieldError}
              </p>
            )}
          </div>
          <p
            role="status"
            className={cn("min-h-5 text-sm", result?.ok ? "text-ok" : "text-danger")}
            data-testid="key-test"
          >
            {result && `${result.ok ? "✓" : "✕"} ${result.message}`}
          </p>
        </form>
      )}
      <DefaultModel stored={stored} onSaved={setStored} />
    </Card>
  );
}
