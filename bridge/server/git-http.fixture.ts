import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface GitHttpServer {
  url: string;
  /** Authorization headers seen, to prove what the client sent. */
  seenAuth: string[];
  close(): Promise<void>;
}

/**
 * A local smart-HTTP git server: Basic auth in front of the real `git http-backend` CGI, so
 * clone/fetch/push with credentials go through git's real HTTP + askpass code path.
 */
export async function startGitHttp(
  projectRoot: string,
  user: string,
  password: string,
): Promise<GitHttpServer> {
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  const seenAuth: string[] = [];
  const server: Server = createServer((req, res) => {
    const auth = req.headers.authorization;
    if (auth) seenAuth.push(auth);
    if (auth !== expected) {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="kalpana-test"' });
      res.end("unauthorized");
      return;
    }
    const url = new URL(req.url ?? "/", "http://local");
    const cgi = spawn("git", ["http-backend"], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: "1",
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? "GET",
        CONTENT_TYPE: req.headers["content-type"] ?? "",
        ...(req.headers["content-length"] ? { CONTENT_LENGTH: req.headers["content-length"] } : {}),
        ...(req.headers["content-encoding"]
          ? { HTTP_CONTENT_ENCODING: req.headers["content-encoding"] }
          : {}),
        REMOTE_USER: user,
        REMOTE_ADDR: "127.0.0.1",
      },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on("data", (b: Buffer) => {
      if (headersDone) return void res.write(b);
      head = Buffer.concat([head, b]);
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString().split("\r\n")) {
        const [k = "", ...v] = line.split(": ");
        if (k.toLowerCase() === "status") status = Number.parseInt(v.join(": "), 10);
        else res.setHeader(k, v.join(": "));
      }
      res.writeHead(status);
      res.write(head.subarray(end + 4));
    });
    cgi.stdout.on("end", () => res.end());
    cgi.on("error", () => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seenAuth,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
