// The app's real route handlers (web/app/api/**/route.ts), called in-process the way Next calls
// them: a Fetch Request with the session cookie, params as a promise. Sign-up goes through the
// real better-auth API, so sessions and cookies are the real ones. Without Docker or a Next build.
// Set DATABASE_URL / KALPANA_DATA_DIR (and migrate) before the first call.
import path from "node:path";
import { tsImport } from "tsx/esm/api";
import { repoRoot } from "../../testing/web-server.fixture";
import { setProcessSlot } from "../process-state";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;

const webRoot = path.join(repoRoot, "web");

const loaded = new Map<string, Promise<RouteModule>>();

/** Imports web/app/api/<route>/route.ts with the app's "@/..." path alias (once per route). */
export function importRoute(route: string): Promise<RouteModule> {
  let mod = loaded.get(route);
  if (!mod) {
    mod = load(route);
    loaded.set(route, mod);
  }
  return mod;
}

function load(route: string): Promise<RouteModule> {
  return tsImport(path.join(webRoot, "app/api", route, "route.ts"), {
    parentURL: import.meta.url,
    tsconfig: path.join(webRoot, "tsconfig.json"),
  }) as Promise<RouteModule>;
}

/** Calls one handler of `route` with the given path params. */
export async function callRoute(
  route: string,
  method: keyof RouteModule,
  opts: {
    cookie?: string;
    params?: Record<string, string>;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const mod = await importRoute(route);
  const handler = mod[method];
  if (!handler) throw new Error(`${route} has no ${method}`);
  const url = `http://localhost/api/${route.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, k: string) => opts.params?.[k] ?? k)}`;
  const req = new Request(url, {
    method,
    headers: {
      "content-type": "application/json",
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  return handler(req, { params: Promise.resolve(opts.params ?? {}) });
}

/** A local account through better-auth's own sign-up; returns its session cookie. */
export async function signUp(email: string): Promise<{ cookie: string; userId: string }> {
  const { auth } = (await tsImport(
    path.join(webRoot, "server/auth/auth.ts"),
    import.meta.url,
  )) as typeof import("../auth/auth");
  const res = (await auth().api.signUpEmail({
    body: { email, password: "correct-horse-battery", name: email.split("@")[0] ?? email },
    asResponse: true,
  })) as Response;
  if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { user } = (await res.json()) as { user: { id: string } };
  return { cookie, userId: user.id };
}

/** A fresh data folder and migrated SQLite database for in-process route tests. */
export async function setupAppEnv(
  extra: Record<string, string> = {},
): Promise<{ dataDir: string; cleanup: () => void }> {
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { deploy } = await import("../../../scripts/migrate/deploy");
  const dataDir = mkdtempSync(path.join(tmpdir(), "kalpana-app-"));
  Object.assign(process.env, {
    NODE_ENV: "test",
    KALPANA_DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "kalpana.db")}`,
    ...extra,
  });
  await deploy(process.env.DATABASE_URL as string, { engine: "wasm" });
  return { dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/**
 * Replaces the process-wide runtime (see runtime/index.ts) with an engine that has no containers:
 * create/start/stop/remove succeed, and nothing ever has an endpoint unless `endpoint` says so.
 */
export function installFakeRuntime(
  endpoint: () => { host: string; bridgePort: number } | null = () => null,
  overrides: Record<string, (...args: never[]) => Promise<unknown>> = {},
) {
  setProcessSlot("runtime", {
    create: async () => undefined,
    putFiles: async () => undefined,
    start: async () => undefined,
    stop: async () => undefined,
    remove: async () => undefined,
    inspect: async () => null,
    list: async () => [],
    endpoint: async () => endpoint(),
    stats: async () => null,
    logs: async () => "",
    ...overrides,
  });
}

export type RouteUser = { cookie: string; userId: string; workspaceId: string; threadId: string };

/**
 * A signed-up user whose RUNNING workspace "runs" on a host bridge with `bridgeSecret` (pair it
 * with installFakeRuntime pointing at that bridge), with one empty thread.
 */
export async function userWithWorkspace(name: string, bridgeSecret: string): Promise<RouteUser> {
  const { createWorkspaceRow } = await import("../db/workspaces");
  const { createThread } = await import("../db/threads");
  const { encryptSecret } = await import("../crypto");
  const { cookie, userId } = await signUp(`${name}@example.com`);
  const w = await createWorkspaceRow(
    {
      userId,
      name,
      template: "node",
      bridgeSecret: encryptSecret(bridgeSecret),
      memoryMb: 256,
      cpus: 1,
      pidsLimit: 64,
    },
    { status: "RUNNING" },
  );
  const t = await createThread({ workspaceId: w.id, userId, title: "t" });
  return { cookie, userId, workspaceId: w.id, threadId: t.id };
}

export type ChatRouteEnv<N extends string> = {
  fake: import("../../testing/fake-openrouter.fixture").FakeOpenRouter;
  bridge: import("../agent/host-bridge.fixture").HostBridge;
  users: Record<N, RouteUser>;
  close(): Promise<void>;
};

/**
 * The real chat routes in this process: the fake OpenRouter behind the real provider, one host
 * bridge every workspace "runs" on, a migrated database and one signed-up user per name, each with
 * a RUNNING workspace and a thread.
 */
export async function startChatRouteEnv<N extends string>(
  names: readonly N[],
  extra: Record<string, string> = {},
): Promise<ChatRouteEnv<N>> {
  const { startFakeOpenRouter } = await import("../../testing/fake-openrouter.fixture");
  const { startHostBridge } = await import("../agent/host-bridge.fixture");
  const fake = await startFakeOpenRouter();
  const bridge = await startHostBridge();
  const env = await setupAppEnv({
    OPENROUTER_API_KEY: "server-key",
    OPENROUTER_BASE_URL: fake.baseURL,
    KALPANA_MODELS: "openai/gpt-5",
    ...extra,
  });
  installFakeRuntime(() => ({ host: "127.0.0.1", bridgePort: Number(new URL(bridge.url).port) }));
  const users = {} as Record<N, RouteUser>;
  for (const name of names) users[name] = await userWithWorkspace(name, bridge.secret);
  return {
    fake,
    bridge,
    users,
    async close() {
      const { closeSharedBridge } = await import("../workspaces/bridge");
      for (const u of Object.values<RouteUser>(users)) closeSharedBridge(u.workspaceId);
      await bridge.stop();
      await fake.close();
      await (await import("../db/client")).disconnectDb();
      env.cleanup();
    },
  };
}
