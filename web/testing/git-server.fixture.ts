// A local git server speaking smart HTTP (scripts/testing/git-http.fixture.ts) for clone tests. Bound to
// 0.0.0.0 so containers reach it through the bridge gateway. Private repos need HTTP basic auth
// whose password the `acceptToken` callback accepts (e.g. the fake GitHub's issued tokens).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { serveGitHttp } from "../../scripts/testing/git-http.fixture";

export type GitRepoSpec = {
  owner: string;
  name: string;
  private?: boolean;
  branches: Record<string, Record<string, string>>;
};
export type GitServer = {
  port: number;
  /** Clone URL as containers see it (host = the bridge gateway). */
  urlFor(owner: string, name: string): string;
  addRepo(spec: GitRepoSpec): void;
  requests: string[];
  close(): Promise<void>;
};

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, {
    cwd,
    stdio: "pipe",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@x",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@x",
    },
  });

export async function startGitServer(opts: {
  gateway: string;
  acceptToken: (token: string) => boolean;
}): Promise<GitServer> {
  const root = mkdtempSync(path.join(tmpdir(), "kalpana-git-"));
  const privateRepos = new Set<string>();

  const addRepo = (spec: GitRepoSpec) => {
    const rel = `${spec.owner}/${spec.name}.git`;
    const work = mkdtempSync(path.join(tmpdir(), "kalpana-git-work-"));
    git(work, "init", "-q", "-b", Object.keys(spec.branches)[0] ?? "main");
    let first = true;
    for (const [branch, files] of Object.entries(spec.branches)) {
      if (!first) git(work, "checkout", "-q", "-b", branch);
      first = false;
      for (const [f, content] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(work, f)), { recursive: true });
        writeFileSync(path.join(work, f), content);
      }
      git(work, "add", "-A");
      git(work, "commit", "-q", "-m", `${branch} commit`);
    }
    git(work, "checkout", "-q", Object.keys(spec.branches)[0] ?? "main");
    mkdirSync(path.join(root, spec.owner), { recursive: true });
    git(root, "clone", "-q", "--bare", work, rel);
    rmSync(work, { recursive: true, force: true });
    if (spec.private) privateRepos.add(`/${rel}`);
  };

  const authorized = (headers: IncomingHttpHeaders, repoPath: string) => {
    if (!privateRepos.has(repoPath)) return true;
    const m = /^Basic (.+)$/.exec(headers.authorization ?? "");
    const password = m
      ? Buffer.from(m[1] as string, "base64")
          .toString()
          .split(":")
          .slice(1)
          .join(":")
      : "";
    return Boolean(password) && opts.acceptToken(password);
  };

  const http = await serveGitHttp({ projectRoot: root, host: "0.0.0.0", authorize: authorized });
  const port = http.port;
  return {
    port,
    urlFor: (owner, name) => `http://${opts.gateway}:${port}/${owner}/${name}.git`,
    addRepo,
    requests: http.requests,
    close: async () => {
      await http.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
