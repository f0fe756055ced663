// HTTP helpers for the workspace API tests: a GitHub sign-in through the real better-auth flow
// (the fake GitHub plays github.com), JSON calls with a cookie, and a raw WebSocket upgrade probe.
import assert from "node:assert/strict";
import { request } from "node:http";
import type { FakeGithub } from "../../testing/fake-github.fixture";
import { waitFor } from "./test-env.fixture";

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => !/=$/.test(c ?? ""));

/** Signs in as `login` with the fake GitHub; returns the session cookie. */
export async function githubSignIn(url: string, fake: FakeGithub, login: string): Promise<string> {
  fake.signInAs(login);
  const start = await fetch(`${url}/api/auth/sign-in/social`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ provider: "github", callbackURL: "/dashboard" }),
  });
  const { url: authorize } = (await start.json()) as { url: string };
  const jar = cookiesOf(start);
  const u = new URL(authorize);
  const atFake = await fetch(new URL(u.pathname + u.search, fake.url), { redirect: "manual" });
  const callback = atFake.headers.get("location");
  if (!callback) throw new Error(`fake authorize failed: ${atFake.status} ${await atFake.text()}`);
  const done = await fetch(callback, { headers: { cookie: jar.join("; ") }, redirect: "manual" });
  const session = cookiesOf(done);
  if (!session.some((c) => c?.includes("session_token")))
    throw new Error(`GitHub sign-in failed: ${done.status}`);
  return session.join("; ");
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers and assert on them
export type Api = (method: string, path: string, body?: unknown) => Promise<{ status: number; json: any }>;

export function apiAs(url: string, cookie: string | null): Api {
  return async (method, path, body) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...(cookie ? { cookie } : {}), "content-type": "application/json", origin: url },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: "manual",
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, json };
  };
}

/** Waits until workspace `id` ends its start; fails with its message unless it is RUNNING. */
export async function waitRunning(api: Api, id: string): Promise<{ id: string; message: string | null }> {
  const ws = await waitFor(
    () => api("GET", `/api/workspaces/${id}`),
    (r) => ["RUNNING", "ERROR"].includes(r.json.workspace?.status),
    180_000,
  );
  assert.equal(ws.json.workspace.status, "RUNNING", ws.json.workspace.statusMessage);
  return { id, message: ws.json.workspace.statusMessage };
}

/** Creates a workspace through the API (201) and waits until it runs. */
export async function createRunning(
  api: Api,
  body: Record<string, unknown>,
): Promise<{ id: string; message: string | null }> {
  const created = await api("POST", "/api/workspaces", body);
  assert.equal(created.status, 201, JSON.stringify(created.json));
  return waitRunning(api, created.json.workspace.id as string);
}

/** Sends a WebSocket upgrade and resolves with the HTTP status the server answered (101 = upgraded). */
export function upgradeStatus(
  url: string,
  path: string,
  cookie: string | null,
  origin = url,
): Promise<{ status: number; echo?: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({
      host: u.hostname,
      port: u.port,
      path,
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": Buffer.from("0123456789abcdef").toString("base64"),
        origin,
        ...(cookie ? { cookie } : {}),
      },
    });
    req.on("upgrade", (_res, socket) => {
      socket.write("ping-through-proxy");
      socket.once("data", (d) => {
        socket.destroy();
        resolve({ status: 101, echo: d.toString() });
      });
    });
    req.on("response", (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on("error", (e) => (e.message.includes("socket hang up") ? resolve({ status: 0 }) : reject(e)));
    req.end();
  });
}

/** A tiny HTTP + raw-upgrade echo server to run INSIDE a workspace (node is in the image). */
export const previewServerScript = `
const http = require("http");
const s = http.createServer((req, res) => res.end("hello-preview " + req.url));
s.on("upgrade", (req, socket) => {
  socket.write("HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n\\r\\n");
  socket.on("data", (d) => socket.write("echo:" + d));
});
s.listen(5005, "127.0.0.1");
`;

export type WorkspaceOrigin = { origin: string; cookie: string; grantUrl: string };

/**
 * What the browser does to open a workspace origin: the app's /w/<id>/ide (or /preview/<port>) with
 * the app session → a one-time grant URL on the workspace origin → its own access cookie.
 */
export async function openWorkspaceOrigin(
  appUrl: string,
  appCookie: string,
  id: string,
  port?: number,
): Promise<WorkspaceOrigin> {
  const route = port ? `/w/${id}/preview/${port}` : `/w/${id}/ide`;
  const open = await fetch(`${appUrl}${route}`, { headers: { cookie: appCookie }, redirect: "manual" });
  const grantUrl = open.headers.get("location");
  if (open.status !== 302 || !grantUrl) throw new Error(`open ${route}: ${open.status}`);
  const redeemed = await fetch(grantUrl, { redirect: "manual" });
  const cookie = redeemed.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (redeemed.status !== 302 || !cookie) throw new Error(`redeem ${grantUrl}: ${redeemed.status}`);
  return { origin: new URL(grantUrl).origin, cookie, grantUrl };
}
