"use client";
// Repository: one of the person's GitHub repositories, a pasted URL, or none. Switching the source
// clears the choice so a hidden value is never submitted.
import { useState } from "react";
import { Input, Label } from "@/components/ui/input";
import { cn } from "@/lib/cn";
import { GithubRepoSearch } from "./github-repo-search";

type Mode = "none" | "github" | "url";
type Props = {
  repoUrl: string;
  branch: string;
  onChange: (v: { repoUrl: string; branch: string }) => void;
  errors: { repoUrl?: string; branch?: string };
  githubUrl: string;
};

const modes = [
  ["github", "My GitHub repositories"],
  ["url", "Paste a URL"],
  ["none", "No repository"],
] as const;

export function RepoPicker({ repoUrl, branch, onChange, errors, githubUrl }: Props) {
  const [mode, setMode] = useState<Mode>("github");
  function switchMode(m: Mode) {
    setMode(m);
    onChange({ repoUrl: "", branch: "" });
  }

  return (
    <div className="space-y-3">
      <div
        role="tablist"
        aria-label="Repository source"
        className="inline-flex rounded-md bg-muted p-1 text-sm"
      >
        {modes.map(([m, label]) => (
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
      {mode === "github" && (
        <GithubRepoSearch
          branch={branch}
          onChange={onChange}
          branchError={errors.branch}
          onUseUrl={() => switchMode("url")}
        />
      )}
      {mode === "url" && (
        <div className="grid grid-cols-[1fr_12rem] gap-3">
          <div>
            <Label htmlFor="repo-url">Repository URL</Label>
            <Input
              id="repo-url"
              placeholder={`${githubUrl}/owner/repo`}
              value={repoUrl}
              aria-invalid={!!errors.repoUrl}
              aria-describedby={errors.repoUrl ? "repo-url-error" : undefined}
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
      {mode === "none" && (
        <p className="text-sm text-muted-fg">The workspace starts with an empty /workspace folder.</p>
      )}
      {errors.repoUrl && (
        <p id="repo-url-error" role="alert" className="text-sm text-danger">
          {errors.repoUrl}
        </p>
      )}
    </div>
  );
}
