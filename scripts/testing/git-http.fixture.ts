// The one smart-HTTP git server for tests: the real `git http-backend` as CGI behind a Node HTTP
// server, so clone/fetch/push go through git's real HTTP, auth and askpass code paths. Callers
// decide who may in (`authorize`) and what repositories exist (bare repos under `projectRoot`).
import { spawn } from "node:child_process";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface GitHttpOptions {
  /** Bare repositories live below it: /<owner>/<name>.git/... */
  projectRoot: string;
  /** "127.0.0.1" for host tests; "0.0.0.0" when containers reach it through the bridge gateway. */
  host: string;
  /** Whether a request for `repoPath` ("/owner/name.git", "" if none) with these headers may go on. */
  authorize: (headers: IncomingHttpHeaders, repoPath: string) => boolean;
  /** Who http-backend believes pushed (a REMOTE_USER also enables receive-pack). */
  remoteUser?: string;
}

export interface GitHttp {
  port: number;
  /** "METHOD /path" of every request, in order. */
  requests: string[];
  /** Authorization headers seen, to prove what the client sent. */
  seenAuth: string[];
  close(): Promise<void>;
}

export async function serveGitHttp(o: GitHttpOptions): Promise<GitHttp> {
  const requests: string[] = [];
  const seenAuth: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://local");
    requests.push(`${req.method} ${url.pathname}`);
    if (req.headers.authorization) seenAuth.push(req.headers.authorization);
    const repoPath = /^(\/[^/]+\/[^/]+\.git)\//.exec(url.pathname)?.[1] ?? "";
    if (!o.authorize(req.headers, repoPath)) {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="kalpana-test"' }).end("unauthorized");
      return;
    }
    const h = req.headers;
    const cgi = spawn("git", ["http-backend"], {
      // Nothing else of this process's environment reaches the CGI.
      env: {
        NODE_ENV: process.env.NODE_ENV,
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: o.projectRoot,
        GIT_HTTP_EXPORT_ALL: "1",
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? "GET",
        CONTENT_TYPE: h["content-type"] ?? "",
        ...(h["content-length"] ? { CONTENT_LENGTH: h["content-length"] } : {}),
        ...(h["content-encoding"] ? { HTTP_CONTENT_ENCODING: h["content-encoding"] } : {}),
        REMOTE_USER: o.remoteUser ?? "git",
        REMOTE_ADDR: req.socket.remoteAddress ?? "",
      },
    });
    req.pipe(cgi.stdin);
    // CGI answers "Status:" and headers, a blank line, then the body.
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on("data", (chunk: Buffer) => {
      if (headersDone) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString().split("\r\n")) {
        const [k = "", ...v] = line.split(":");
        if (k.toLowerCase() === "status") status = Number.parseInt(v.join(":").trim(), 10);
        else res.setHeader(k, v.join(":").trim());
      }
      res.writeHead(status);
      res.write(head.subarray(end + 4));
    });
    cgi.on("close", () => res.end());
    cgi.on("error", () => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, o.host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    seenAuth,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

export interface AuthRecorder {
  url: string;
  /** The Authorization header of every request ("" when there was none). */
  seen: string[];
  close(): Promise<void>;
}

/**
 * A hostile remote for credential tests: it records every Authorization header it is sent and
 * answers with `answer` (by default 401 asking for Basic auth, which makes git offer credentials).
 */
export async function startAuthRecorder(
  answer: (res: ServerResponse) => void = (res) =>
    res.writeHead(401, { "WWW-Authenticate": 'Basic realm="evil"' }).end(),
): Promise<AuthRecorder> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization ?? "");
    answer(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
