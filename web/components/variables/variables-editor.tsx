"use client";
// Add, edit and delete environment variables and secrets: the person's own (Settings) or one
// workspace's. A secret is write-only: once saved the server answers only that it is set, so the
// form offers to replace it, never to show it.
import { useCallback, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/spinner";
import type { EnvVarBody, EnvVarView, LiveApply } from "@/contract/env-vars";
import { ApiError, api } from "@/lib/api";
import { useToast } from "@/lib/toast";

type Props = {
  /** /api/settings/variables or /api/workspaces/<id>/variables */
  basePath: string;
  /** The workspace's editor also lists what it inherits from Settings. */
  showInherited?: boolean;
};
type Listing = { variables: EnvVarView[]; inherited?: EnvVarView[] };
type Draft = { name: string; value: string; secret: boolean; editing: boolean };
const EMPTY: Draft = { name: "", value: "", secret: false, editing: false };

function liveNote(live: LiveApply): string {
  if (live.failed)
    return ` — ${live.failed} running workspace(s) could not be updated; restart them to apply`;
  return live.applied ? " — new terminals and commands see it now" : "";
}

export function VariablesEditor({ basePath, showInherited = false }: Props) {
  const toast = useToast();
  const [list, setList] = useState<Listing | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    () =>
      api<Listing>(basePath)
        .then(setList)
        .catch((e: Error) => setLoadError(e.message)),
    [basePath],
  );
  useEffect(() => {
    void load();
  }, [load]);

  /** A new draft starts without the previous one's errors. */
  function edit(next: Draft) {
    setFields({});
    setDraft(next);
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFields({});
    try {
      const body: EnvVarBody = { value: draft.value, secret: draft.secret };
      const r = await api<{ live: LiveApply }>(`${basePath}/${encodeURIComponent(draft.name)}`, {
        method: "PUT",
        json: body,
      });
      toast.success(`${draft.name} saved${liveNote(r.live)}`);
      setDraft(EMPTY);
      await load();
    } catch (err) {
      const f = err instanceof ApiError ? err.fields : {};
      setFields(Object.keys(f).length ? f : { form: (err as Error).message });
    } finally {
      setBusy(false);
    }
  }

  async function remove(name: string) {
    setBusy(true);
    try {
      const r = await api<{ live: LiveApply }>(`${basePath}/${encodeURIComponent(name)}`, {
        method: "DELETE",
      });
      toast.success(`${name} deleted${liveNote(r.live)}`);
      if (draft.name === name) setDraft(EMPTY);
      await load();
    } catch (err) {
      toast.error(`Could not delete ${name}: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  if (loadError)
    return (
      <p role="alert" className="text-sm text-danger">
        Could not load the variables: {loadError}
      </p>
    );
  if (!list) return <Skeleton className="h-24" />;
  const ownNames = new Set(list.variables.map((v) => v.name));
  return (
    <div className="space-y-4">
      {list.variables.length === 0 ? (
        <p className="text-sm text-muted-fg">No variables yet.</p>
      ) : (
        <ul className="divide-y divide-border rounded-md border border-border" aria-label="Variables">
          {list.variables.map((v) => (
            <li key={v.name} className="flex items-center gap-3 px-3 py-2 text-sm" data-testid="variable">
              <span className="font-mono font-medium">{v.name}</span>
              <span className="min-w-0 flex-1 truncate font-mono text-muted-fg">
                {v.secret ? "•••••••• (secret, set)" : v.value}
              </span>
              <Button
                size="sm"
                variant="ghost"
                disabled={busy}
                onClick={() => edit({ name: v.name, value: v.value ?? "", secret: v.secret, editing: true })}
              >
                {v.secret ? "Replace" : "Edit"}
              </Button>
              <Button
                size="sm"
                variant="ghost"
                className="text-danger"
                disabled={busy}
                onClick={() => remove(v.name)}
              >
                Delete
              </Button>
            </li>
          ))}
        </ul>
      )}
      {showInherited && list.inherited && list.inherited.length > 0 && (
        <p className="text-xs text-muted-fg">
          Also from your Settings:{" "}
          {list.inherited.map((v) => (
            <span key={v.name} className={ownNames.has(v.name) ? "font-mono line-through" : "font-mono"}>
              {v.name}{" "}
            </span>
          ))}
          {list.inherited.some((v) => ownNames.has(v.name)) &&
            "(crossed out: this workspace's own value wins)"}
        </p>
      )}
      <form onSubmit={save} className="space-y-3" aria-label="Add or change a variable">
        <div className="grid grid-cols-[1fr_2fr] gap-2">
          <div>
            <Label htmlFor={`${basePath}-name`}>Name</Label>
            <Input
              id={`${basePath}-name`}
              autoComplete="off"
              placeholder="API_TOKEN"
              className="font-mono"
              value={draft.name}
              readOnly={draft.editing}
              aria-invalid={!!fields.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            />
          </div>
          <div>
            <Label htmlFor={`${basePath}-value`}>
              {draft.editing && draft.secret ? "New value" : "Value"}
            </Label>
            <Input
              id={`${basePath}-value`}
              type={draft.secret ? "password" : "text"}
              autoComplete="off"
              className="font-mono"
              value={draft.value}
              aria-invalid={!!fields.value}
              onChange={(e) => setDraft({ ...draft, value: e.target.value })}
            />
          </div>
        </div>
        {(fields.name || fields.value || fields.form) && (
          <p role="alert" className="text-sm text-danger">
            {fields.name ?? fields.value ?? fields.form}
          </p>
        )}
        <div className="flex items-center gap-3">
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={draft.secret}
              onChange={(e) => setDraft({ ...draft, secret: e.target.checked })}
            />
            Secret (never shown again after saving)
          </label>
          <div className="ml-auto flex gap-2">
            {draft.editing && (
              <Button variant="ghost" onClick={() => edit(EMPTY)}>
                Cancel
              </Button>
            )}
            <Button type="submit" disabled={busy || !draft.name.trim()}>
              {busy ? "Saving…" : draft.editing ? "Save" : "Add"}
            </Button>
          </div>
        </div>
      </form>
    </div>
  );
}
