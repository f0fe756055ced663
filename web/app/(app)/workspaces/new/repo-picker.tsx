"use client";
// Repository: none, one of the person's GitHub repositories (private included; search + branch), or a
// pasted URL. Without a linked GitHub account the API answers 403 and we point at the URL field.
import { useEffect, useState } from "react";
import { Input, Label } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/spinner";
import { type ApiError, api } from "@/lib/api";
import { cn } from "@/lib/cn";
import type { Branch, Repo } from "@/server/github/github";

type Mode = "none" | "github" | "url";
type Props = {
  repoUrl: string;
  branch: string;
  onChange: (v: { repoUrl: string; branch: string }) => void;
  errors: { repoUrl?: string; branch?: string };
  githubUrl: string;
};

export function RepoPicker({ repoUrl, branch, onChange, errors, githubUrl }: Props) {
  const [mode, setMode] = useState<Mode>("github");
  const [query, setQuery] = useState("");
  const [repos, setRepos] = useState<Repo[] | null>(null);
  const [repoError, setRepoError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<Repo | null>(null);
  const [branches, setBranches] = useState<Branch[] | null>(null);

  useEffect(() => {
    if (mode !== "github") return;
    // Debounced: typing a name should cost one request, not one per key.
    const t = setTimeout(() => {
      api<{ repos: Repo[] }>(`/api/github/repos?q=${encodeURIComponent(query)}`)
        .then((r) => {
          setRepos(r.repos);
          setRepoError(null);
        })
        .catch((e: ApiError) => setRepoError(e));
    }, 250);
    return () => clearTimeout(t);
  }, [mode, query]);

  async function choose(r: Repo) {
    setSelected(r);
    setBranches(null);
    onChange({ repoUrl: r.clone_url, branch: r.default_branch ?? "" });
    try {
      const res = await api<{ branches: Branch[] }>(
        `/api/github/repos/${encodeURIComponent(r.owner.login)}/${encodeURIComponent(r.name)}/branches`,
      );
      setBranches(res.branches);
    } catch {
      setBranches([]);
    }
  }

  function switchMode(m: Mode) {
    setMode(m);
    setSelected(null);
    onChange({ repoUrl: "", branch: "" });
  }

  const notLinked = repoError?.status === 403;
  return (
    <div className="space-y-3">
      <div
        role="tablist"
        aria-label="Repository source"
        className="inline-flex rounded-md bg-muted p-1 text-sm"
      >
        {(
          [
            ["github", "My GitHub repositories"],
            ["url", "Paste a URL"],
            ["none", "No repository"],
          ] as const
        ).map(([m, label]) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            onClick={() => switchMode(m)}
            className={cn(
              "rounded px-3 py-1",
              mode === m ? "bg-card font-medium shadow-sm" : "text-muted-fg hover:text-fg",
            )}
          >
            {label}
          </button>
        ))}
      </div>

      {mode === "github" &&
        (notLinked ? (
          <div className="rounded-md border border-border bg-muted/50 p-4 text-sm">
            <p className="font-medium">GitHub is not linked to this account</p>
            <p className="mt-1 text-muted-fg">
              {repoError?.message}. You can still{" "}
              <button type="button" className="text-accent underline" onClick={() => switchMode("url")}>
                paste a public repository URL
              </button>
              .
            </p>
          </div>
        ) : (
          <div className="space-y-2">
            <Label htmlFor="repo-search">Search repositories</Label>
            <Input
              id="repo-search"
              type="search"
              placeholder="Filter by owner/name"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
            {repoError ? (
              <p role="alert" className="text-sm text-danger">
                {repoError.message}
              </p>
            ) : repos === null ? (
              <div aria-busy="true" className="space-y-1">
                <Skeleton className="h-9" />
                <Skeleton className="h-9" />
              </div>
            ) : repos.length === 0 ? (
              <p className="rounded-md border border-dashed border-border p-3 text-sm text-muted-fg">
                No repositories match “{query}”.
              </p>
            ) : (
              <div
                role="listbox"
                aria-label="Repositories"
                className="max-h-52 overflow-auto rounded-md border border-border"
              >
                {repos.map((r) => (
                  <button
                    key={r.id}
                    type="button"
                    role="option"
                    aria-selected={selected?.id === r.id}
                    onClick={() => choose(r)}
                    className={cn(
                      "flex w-full items-center gap-2 border-b border-border px-3 py-2 text-left text-sm last:border-0 hover:bg-muted",
                      selected?.id === r.id && "bg-accent/10",
                    )}
                  >
                    <span className="font-mono">{r.full_name}</span>
                    {r.private && (
                      <span className="rounded border border-border px-1 text-[11px] text-muted-fg">
                        private
                      </span>
                    )}
                    {selected?.id === r.id && <span className="ml-auto text-accent">✓</span>}
                  </button>
                ))}
              </div>
            )}
            {selected && (
              <div>
                <Label htmlFor="branch">Branch</Label>
                <select
                  id="branch"
                  value={branch}
                  onChange={(e) => onChange({ repoUrl, branch: e.target.value })}
                  className="h-10 w-full rounded-md border border-border bg-card px-3 text-sm"
                >
                  {(branches ?? [{ name: branch }]).map((b) => (
                    <option key={b.name} value={b.name}>
                      {b.name}
                    </option>
                  ))}
                </select>
                {errors.branch && <p className="mt-1 text-sm text-danger">{errors.branch}</p>}
              </div>
            )}
          </div>
        ))}

      {mode === "url" && (
        <div className="grid grid-cols-[1fr_12rem] gap-3">
          <div>
            <Label htmlFor="repo-url">Repository URL</Label>
            <Input
              id="repo-url"
              placeholder={`${githubUrl}/owner/repo`}
              value={repoUrl}
              aria-invalid={!!errors.repoUrl}
              onChange={(e) => onChange({ repoUrl: e.target.value, branch })}
            />
          </div>
          <div>
            <Label htmlFor="branch-name">Branch (optional)</Label>
            <Input
              id="branch-name"
              placeholder="default branch"
              value={branch}
              onChange={(e) => onChange({ repoUrl, branch: e.target.value })}
            />
          </div>
          {errors.branch && <p className="col-span-2 text-sm text-danger">{errors.branch}</p>}
        </div>
      )}
      {errors.repoUrl && (
        <p role="alert" className="text-sm text-danger">
          {errors.repoUrl}
        </p>
      )}
    </div>
  );
}
