"use client";
// "Start from the repository's config": once a GitHub repository (and branch) is chosen, asks the
// server what its flake.nix, .idx/dev.nix or devcontainer.json would bring (read through the GitHub
// API, nothing cloned) and lets the person start from one of them instead of the toolchain above.
// What would be used is listed before anything is created; nothing is picked by default.
import { useEffect, useState } from "react";
import type { ImportedConfig, RepoConfig } from "@/contract/portable-config";
import { api } from "@/lib/api";

type Props = {
  repoUrl: string;
  branch: string;
  githubUrl: string;
  chosen: ImportedConfig | null;
  onChoose: (c: ImportedConfig | null) => void;
};

/** owner/repo of a URL on the configured GitHub, else null (another host: nothing to ask). */
export function repoPathOf(repoUrl: string, githubUrl: string): string | null {
  try {
    const u = new URL(repoUrl);
    if (u.origin !== new URL(githubUrl).origin) return null;
    const [owner, repo] = u.pathname
      .replace(/^\/|\/$/g, "")
      .replace(/\.git$/, "")
      .split("/");
    return owner && repo ? `${encodeURIComponent(owner)}/${encodeURIComponent(repo)}` : null;
  } catch {
    return null;
  }
}

export function RepoConfigPanel({ repoUrl, branch, githubUrl, chosen, onChoose }: Props) {
  const [found, setFound] = useState<RepoConfig | null>(null);
  const path = repoPathOf(repoUrl, githubUrl);

  // biome-ignore lint/correctness/useExhaustiveDependencies: onChoose is the parent's setter; a new repository or branch is what resets the choice
  useEffect(() => {
    setFound(null);
    onChoose(null);
    if (!path) return;
    let live = true;
    const t = setTimeout(() => {
      const ref = branch ? `?ref=${encodeURIComponent(branch)}` : "";
      api<RepoConfig>(`/api/github/repos/${path}/config${ref}`)
        .then((r) => live && setFound(r))
        .catch(() => undefined); // no GitHub link, no access: the toolchain above is all there is
    }, 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [path, branch]);

  if (!found || (!found.configs.length && !found.problems.length)) return null;
  return (
    <fieldset
      aria-label="Start from the repository's config"
      className="space-y-2 rounded-md border border-border p-3"
    >
      <legend className="px-1 text-sm font-medium">This repository brings its own environment</legend>
      <label className="flex items-center gap-2 text-sm">
        <input type="radio" name="repo-config" checked={!chosen} onChange={() => onChoose(null)} />
        Use the toolchain chosen above
      </label>
      {found.configs.map((c) => (
        <div key={c.path}>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name="repo-config"
              checked={chosen?.path === c.path}
              onChange={() => onChoose(c)}
            />
            Start from <code className="font-mono">{c.path}</code>
          </label>
          {chosen?.path === c.path && <ConfigSummary config={c} />}
        </div>
      ))}
      {found.problems.map((p) => (
        <p key={p.path} className="text-sm text-muted-fg">
          <code className="font-mono">{p.path}</code>: {p.problem}
        </p>
      ))}
    </fieldset>
  );
}

function ConfigSummary({ config: c }: { config: ImportedConfig }) {
  const hooks = (list: { name: string; command: string }[]) =>
    list.map((h) => `${h.name}: ${h.command.split("\n")[0]}`);
  const rows: [string, string[]][] = [
    ["Packages", c.packages],
    ["Variables", c.env.map((e) => e.name)],
    ["Once, at the first start", hooks(c.setup.onCreate)],
    ["At every start", hooks(c.setup.onStart)],
    ["Extensions", c.setup.extensions],
    ["Ports", c.setup.ports.map(String)],
  ];
  return (
    <section aria-label={`What ${c.path} brings`} className="ml-6 mt-1 space-y-1 text-sm">
      <dl className="grid grid-cols-[10rem_1fr] gap-x-3 gap-y-1">
        {rows
          .filter(([, v]) => v.length)
          .map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-muted-fg">{k}</dt>
              <dd className="break-words font-mono text-xs leading-5">{v.join(", ")}</dd>
            </div>
          ))}
      </dl>
      {c.warnings.length > 0 && (
        <ul aria-label="Left out" className="list-disc space-y-0.5 pl-5 text-xs text-warn">
          {c.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
