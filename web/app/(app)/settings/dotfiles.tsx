"use client";
// Settings: the person's dotfiles repository, cloned into ~/dotfiles at each workspace's first start
// (its install.sh, install, bootstrap.sh or setup.sh runs there; the output is in the start log).
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/spinner";
import type { DotfilesSettings as Stored } from "@/contract/dotfiles";
import { repoUrlProblem } from "@/contract/repo-url";
import { ApiError, api } from "@/lib/api";
import { useToast } from "@/lib/toast";

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function DotfilesSettings() {
  const toast = useToast();
  const [stored, setStored] = useState<Stored | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);

  useEffect(() => {
    api<Stored>("/api/settings/dotfiles")
      .then((r) => {
        setStored(r);
        setDraft(r.url ?? "");
      })
      .catch((e: Error) => setLoadError(e.message));
  }, []);

  async function save(url: string | null) {
    // The shape is checked as the person types; the server also checks the host.
    const problem = url ? repoUrlProblem(url) : undefined;
    if (problem) return setFieldError(capitalise(problem));
    setBusy(true);
    setFieldError(null);
    try {
      const r = await api<Stored>("/api/settings/dotfiles", { method: "PUT", json: { url } });
      setStored(r);
      setDraft(r.url ?? "");
      toast.success(r.url ? "Dotfiles repository saved" : "Dotfiles turned off");
    } catch (err) {
      const fields = err instanceof ApiError ? err.fields : {};
      setFieldError(capitalise(fields.url ?? (err as Error).message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card className="space-y-4 p-6">
      <div>
        <h2 className="text-lg font-semibold">Dotfiles</h2>
        <p className="text-sm text-muted-fg">
          A repository with your shell and editor configuration. At a workspace's first start it is cloned
          into <code>~/dotfiles</code> and its <code>install.sh</code> (or <code>install</code>,{" "}
          <code>bootstrap.sh</code>, <code>setup.sh</code>) runs there; the output is in the start log. A
          failing script does not stop the workspace.
        </p>
      </div>
      {loadError ? (
        <p role="alert" className="text-sm text-danger">
          Could not load your dotfiles setting: {loadError}
        </p>
      ) : stored === undefined ? (
        <Skeleton className="h-16" />
      ) : (
        <form
          aria-label="Dotfiles repository"
          onSubmit={(e) => {
            e.preventDefault();
            void save(draft.trim() || null);
          }}
        >
          <Label htmlFor="dotfiles-url">Repository URL</Label>
          <div className="flex gap-2">
            <Input
              id="dotfiles-url"
              placeholder="https://github.com/you/dotfiles"
              autoComplete="off"
              value={draft}
              aria-invalid={!!fieldError}
              aria-describedby={fieldError ? "dotfiles-url-error" : undefined}
              onChange={(e) => {
                setDraft(e.target.value);
                setFieldError(null);
              }}
            />
            <Button type="submit" className="w-24" disabled={busy || draft.trim() === (stored.url ?? "")}>
              {busy ? "Saving…" : "Save"}
            </Button>
            {stored.url && (
              <Button variant="ghost" className="text-danger" disabled={busy} onClick={() => save(null)}>
                Remove
              </Button>
            )}
          </div>
          {fieldError && (
            <p id="dotfiles-url-error" role="alert" className="mt-1 text-sm text-danger">
              {fieldError}
            </p>
          )}
        </form>
      )}
    </Card>
  );
}
