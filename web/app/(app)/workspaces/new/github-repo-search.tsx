"use client";
// Search the person's GitHub repositories (private included) and pick a branch. Without a linked
// GitHub account the API answers 403: say so kindly and offer the URL field instead.
import { useEffect, useState } from "react";
import { Input, Label } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/spinner";
import type { Branch, Repo } from "@/contract/github";
import { type ApiError, api } from "@/lib/api";
import { cn } from "@/lib/cn";

type Props = {
  branch: string;
  onChange: (v: { repoUrl: string; branch: string }) => void;
  branchError?: string;
  onUseUrl: () => void;
};

export function GithubRepoSearch({ branch, onChange, branchError, onUseUrl }: Props) {
  const [query, setQuery] = useState("");
  const [repos, setRepos] = useState<Repo[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<Repo | null>(null);
  const [branches, setBranches] = useState<Branch[] | null>(null);

  useEffect(() => {
    // Debounced: typing a name should cost one request, not one per key.
    const t = setTimeout(() => {
      api<{ repos: Repo[] }>(`/api/github/repos?q=${encodeURIComponent(query)}`)
        .then((r) => {
          setRepos(r.repos);
          setError(null);
        })
        .catch((e: ApiError) => setError(e));
    }, 250);
    return () => clearTimeout(t);
  }, [query]);

  async function choose(r: Repo) {
    setSelected(r);
    setBranches(null);
    onChange({ repoUrl: r.clone_url, branch: r.default_branch ?? "" });
    try {
      const path = `${encodeURIComponent(r.owner.login)}/${encodeURIComponent(r.name)}`;
      setBranches((await api<{ branches: Branch[] }>(`/api/github/repos/${path}/branches`)).branches);
    } catch {
      setBranches([]); // the default branch stays selectable
    }
  }

  if (error?.status === 403)
    return (
      <div className="rounded-md border border-border bg-muted/50 p-4 text-sm">
        <p className="font-medium">GitHub is not linked to this account</p>
        <p className="mt-1 text-muted-fg">
          {error.message}. You can still{" "}
          <button type="button" className="text-accent underline" onClick={onUseUrl}>
            paste a public repository URL
          </button>
          .
        </p>
      </div>
    );
  return (
    <div className="space-y-2">
      <Label htmlFor="repo-search">Search repositories</Label>
      <Input
        id="repo-search"
        type="search"
        placeholder="Filter by owner/name"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error.message}
        </p>
      ) : repos === null ? (
        <div aria-busy="true" className="space-y-1">
          <Skeleton className="h-9" />
          <Skeleton className="h-9" />
        </div>
      ) : repos.length === 0 ? (
        <p className="rounded-md border border-dashed border-border p-3 text-sm text-muted-fg">
          {query ? `No repositories match “${query}”.` : "No repositories on this GitHub account yet."}
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
                <span className="rounded border border-border px-1 text-[11px] text-muted-fg">private</span>
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
            onChange={(e) => onChange({ repoUrl: selected.clone_url, branch: e.target.value })}
            className="h-10 w-full rounded-md border border-border bg-card px-3 text-sm"
          >
            {(branches ?? [{ name: branch }]).map((b) => (
              <option key={b.name} value={b.name}>
                {b.name}
              </option>
            ))}
          </select>
          {branchError && <p className="mt-1 text-sm text-danger">{branchError}</p>}
        </div>
      )}
    </div>
  );
}
