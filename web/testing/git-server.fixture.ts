// A local git server speaking smart HTTP (`git http-backend` as CGI) for clone tests. Bound to
// 0.0.0.0 so containers reach it through the bridge gateway. Private repos need HTTP basic auth
// whose password the `acceptToken` callback accepts (e.g. the fake GitHub's issued tokens).
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

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
  const requests: string[] = [];

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

  const authorized = (req: IncomingMessage, repoPath: string) => {
    if (!privateRepos.has(repoPath)) return true;
    const m = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
    const password = m
      ? Buffer.from(m[1] as string, "base64")
          .toString()
          .split(":")
          .slice(1)
          .join(":")
      : "";
    return Boolean(password) && opts.acceptToken(password);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    requests.push(`${req.method} ${url.pathname}`);
    const repoPath = /^(\/[^/]+\/[^/]+\.git)\//.exec(url.pathname)?.[1] ?? "";
    if (!authorized(req, repoPath)) {
      res.writeHead(401, { "www-authenticate": 'Basic realm="git"' }).end("auth required");
      return;
    }
    const cgi = spawn("git", ["http-backend"], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: "1",
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? "GET",
        CONTENT_TYPE: req.headers["content-type"] ?? "",
        REMOTE_USER: "git",
        REMOTE_ADDR: req.socket.remoteAddress ?? "",
      },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on("data", (chunk: Buffer) => {
      if (headersDone) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString().split("\r\n")) {
        const [k = "", ...v] = line.split(":");
        if (k.toLowerCase() === "status") status = Number.parseInt(v.join(":").trim(), 10);
        else headers[k] = v.join(":").trim();
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
    });
    cgi.on("close", () => res.end());
    cgi.on("error", () => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    urlFor: (owner, name) => `http://${opts.gateway}:${port}/${owner}/${name}.git`,
    addRepo,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
