// A local fake GitHub speaking the real HTTP protocol: OAuth authorize + access_token, /user,
// /user/emails, /user/repos, /repos/{owner}/{repo}/branches, …/contents/{path}. One server plays both github.com and
// api.github.com (their paths do not collide), or, with `apiPrefix: "/api/v3"`, a GitHub Enterprise
// Server: the web host at its root and the REST API only under the prefix.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeUser = { id: number; login: string; name: string; email: string };
export type FakeRepo = {
  name: string;
  private: boolean;
  branches: string[];
  cloneUrl?: string;
  /**
   * Files for GET …/contents/{path}[?ref=]: path → text (a string) or a symlink's target; keyed by
   * ref ("" = the default branch) when the map has ref keys. A folder is any prefix of a path.
   */
  files?: Record<string, Record<string, string | { symlink: string }>>;
};

export type FakeGithub = {
  /** The web host (OAuth pages, clone URLs). */
  url: string;
  /** The REST API base: `url` plus the API prefix. */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  addUser(user: FakeUser, repos?: FakeRepo[]): void;
  /** The user the next OAuth authorize step signs in as. */
  signInAs(login: string): void;
  tokenFor(login: string): string | undefined;
  requests: string[];
  close(): Promise<void>;
};

export type FakeGithubOptions = {
  /** The address it listens on (and names itself by): e.g. 127.0.0.2 for a host of its own. */
  host?: string;
  /** Where the REST API lives ("/api/v3" on GitHub Enterprise Server); unset: at the root. */
  apiPrefix?: string;
  /** Show an "Authorize" page (as GitHub does) instead of redirecting back at once. */
  authorizePage?: boolean;
};

export async function startFakeGithub({
  host = "127.0.0.1",
  apiPrefix = "",
  authorizePage = false,
}: FakeGithubOptions = {}): Promise<FakeGithub> {
  const users = new Map<string, { user: FakeUser; repos: FakeRepo[] }>();
  const codes = new Map<string, string>(); // code → login
  const tokens = new Map<string, string>(); // token → login
  const requests: string[] = [];
  let current = "";
  const clientId = "fake-client-id";
  const clientSecret = `fake-secret-${randomBytes(8).toString("hex")}`;
  let base = "";

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = "";
      req.on("data", (c) => {
        data += c;
      });
      req.on("end", () => resolve(data));
    });
  const authed = (req: IncomingMessage) => {
    const token = /^(?:Bearer|token) (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const login = token ? tokens.get(token) : undefined;
    return login ? users.get(login) : undefined;
  };
  const repoJson = (owner: string, r: FakeRepo, i: number) => ({
    id: 1000 + i,
    name: r.name,
    full_name: `${owner}/${r.name}`,
    private: r.private,
    description: `${r.name} (fake)`,
    default_branch: r.branches[0] ?? "main",
    clone_url: r.cloneUrl ?? `${base}/${owner}/${r.name}.git`,
    html_url: `${base}/${owner}/${r.name}`,
    updated_at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
    owner: { login: owner },
  });

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    requests.push(`${req.method} ${url.pathname}`);
    if (url.pathname === "/login/oauth/authorize") {
      const redirect = url.searchParams.get("redirect_uri");
      if (url.searchParams.get("client_id") !== clientId || !redirect || !users.has(current)) {
        return json(res, 400, { error: "bad_verification_request" });
      }
      if (authorizePage && url.searchParams.get("authorize") !== "1") {
        const approve = new URL(url.pathname + url.search, base);
        approve.searchParams.set("authorize", "1");
        const href = approve.toString().replaceAll("&", "&amp;").replaceAll('"', "&quot;");
        return res
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          .end(
            `<!doctype html><title>Authorize application</title><h1>Fake GitHub Enterprise</h1>` +
              `<p>Signed in as ${current}</p><a href="${href}">Authorize</a>`,
          );
      }
      const code = randomBytes(10).toString("hex");
      codes.set(code, current);
      const back = new URL(redirect);
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === "/login/oauth/access_token" && req.method === "POST") {
      const form = new URLSearchParams(await body(req));
      const login = codes.get(form.get("code") ?? "");
      const secretOk =
        form.get("client_secret") === clientSecret || (req.headers.authorization ?? "").length > 0;
      if (!login || form.get("client_id") !== clientId || !secretOk) {
        return json(res, 200, { error: "bad_verification_code", error_description: "The code is incorrect" });
      }
      codes.delete(form.get("code") ?? "");
      const token = `gho_${randomBytes(16).toString("hex")}`;
      tokens.set(token, login);
      return json(res, 200, {
        access_token: token,
        token_type: "bearer",
        scope: "read:user,user:email,repo",
      });
    }
    if (!url.pathname.startsWith(`${apiPrefix}/`)) return json(res, 404, { message: "Not Found" });
    url.pathname = url.pathname.slice(apiPrefix.length);
    const who = authed(req);
    if (!who) return json(res, 401, { message: "Bad credentials" });
    if (url.pathname === "/user") {
      const u = who.user;
      return json(res, 200, { id: u.id, login: u.login, name: u.name, email: u.email, avatar_url: null });
    }
    if (url.pathname === "/user/emails") {
      return json(res, 200, [
        { email: who.user.email, primary: true, verified: true, visibility: "private" },
      ]);
    }
    if (url.pathname === "/user/repos") {
      const page = Number(url.searchParams.get("page") ?? 1);
      const per = Number(url.searchParams.get("per_page") ?? 30);
      const all = who.repos.map((r, i) => repoJson(who.user.login, r, i));
      return json(res, 200, all.slice((page - 1) * per, page * per));
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)\/branches$/.exec(url.pathname);
    if (m) {
      const repo = m[1] === who.user.login ? who.repos.find((r) => r.name === m[2]) : undefined;
      if (!repo) return json(res, 404, { message: "Not Found" });
      return json(
        res,
        200,
        repo.branches.map((name) => ({ name, protected: false })),
      );
    }
    const c = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(url.pathname);
    if (c) {
      const repo = c[1] === who.user.login ? who.repos.find((r) => r.name === c[2]) : undefined;
      const files = repo?.files?.[url.searchParams.get("ref") ?? ""];
      const path = decodeURIComponent(c[3] as string);
      const entry = files?.[path];
      if (typeof entry === "string") {
        const bytes = Buffer.from(entry);
        // GitHub sends content only up to 1 MB; larger files come with encoding "none".
        const big = bytes.length > 1024 * 1024;
        return json(res, 200, {
          type: "file",
          name: path.split("/").pop(),
          path,
          size: bytes.length,
          encoding: big ? "none" : "base64",
          content: big ? "" : (bytes.toString("base64").match(/.{1,60}/g) ?? []).join("\n"),
        });
      }
      if (entry) return json(res, 200, { type: "symlink", path, target: entry.symlink, size: 0 });
      if (files && Object.keys(files).some((f) => f.startsWith(`${path}/`)))
        return json(res, 200, [{ type: "file", path: `${path}/x`, name: "x", size: 1 }]);
      return json(res, 404, { message: "Not Found" });
    }
    json(res, 404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  base = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    apiUrl: `${base}${apiPrefix}`,
    clientId,
    clientSecret,
    requests,
    addUser(user, repos = []) {
      users.set(user.login, { user, repos });
      current ||= user.login;
    },
    signInAs(login) {
      current = login;
    },
    tokenFor(login) {
      return [...tokens].find(([, l]) => l === login)?.[0];
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
