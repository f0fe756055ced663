// Starts the real Kalpana server (custom server + Next production build) on a free port with its own
// data folder and SQLite database, for integration and browser tests.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import "./localhost-dns.fixture";

import { repoRoot } from "../../scripts/repo-root";
import { freePort } from "../../scripts/testing/free-port.fixture";

export { freePort, repoRoot };

export type WebServer = {
  url: string;
  dataDir: string;
  logs: () => string;
  /** The server process's pid (benchmarks read its memory). */
  pid: () => number | undefined;
  stop: () => Promise<void>;
};

export async function startWebServer(env: Record<string, string | undefined> = {}): Promise<WebServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "kalpana-web-"));
  const fullEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    KALPANA_DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "kalpana.db")}`,
    // The app on kalpana.localhost, each workspace on <id>.kalpana.localhost (the embedded default).
    KALPANA_PUBLIC_URL: `http://kalpana.localhost:${port}`,
    // Containers made by tests carry this label, so cleanup can find them whatever the test forgot.
    KALPANA_EXTRA_LABELS: "kalpana.test=1",
    // Templates name extensions: tests never ask the real Open VSX (the extension tests set a fake).
    KALPANA_EXTENSION_GALLERY: "off",
    ...env,
  } as NodeJS.ProcessEnv;
  execFileSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts", "deploy"], {
    cwd: repoRoot,
    env: fullEnv,
    stdio: "pipe",
  });
  let out = "";
  // The server's own log, kept as a test artifact: what a failed browser test needs to be understood.
  mkdirSync(path.join(repoRoot, "test-results"), { recursive: true });
  const logFile = path.join(repoRoot, "test-results", `server-${port}.log`);
  const keep = (d: Buffer) => appendFileSync(logFile, d);
  // The github.com rerouting preload only when a test asks for it: without it (GitHub Enterprise tests)
  // the server's GitHub traffic goes exactly where production sends it.
  const preload = fullEnv.KALPANA_TEST_FAKE_GITHUB ? ["--import", "./web/testing/github-intercept.mjs"] : [];
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", ...preload, "web/server.ts"], {
    cwd: repoRoot,
    env: fullEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => {
    out += d;
    keep(d);
  });
  child.stderr?.on("data", (d) => {
    out += d;
    keep(d);
  });
  const url = `http://kalpana.localhost:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`web server exited (${child.exitCode}):\n${out}`);
    if (out.includes("Kalpana is running")) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`web server did not start within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dataDir,
    logs: () => out,
    pid: () => child.pid,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs up a local (email + password) account through the real better-auth API; returns its cookie. */
export async function localSignUp(url: string, email: string, name = email.split("@")[0]!): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email, password: "correct-horse-battery", name }),
  });
  if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
