// A REAL bridge process on the host (bridge/server/main.ts under tsx) with a temp git repo as its
// /workspace: the agent's tools run against the real protocol and real ops, without Docker.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BridgeClient, connectBridge, waitForBridge } from "@kalpana/bridge/client";
import { freePort, repoRoot } from "../../testing/web-server.fixture";

export type HostBridge = {
  root: string;
  url: string;
  secret: string;
  client: BridgeClient;
  stop: () => Promise<void>;
};

/** `env`: more settings for the bridge process (e.g. KALPANA_ENV_DIR for env:apply). */
export async function startHostBridge(env: Record<string, string> = {}): Promise<HostBridge> {
  const dir = mkdtempSync(path.join(tmpdir(), "kalpana-agent-"));
  const root = realpathSync(dir);
  const ws = path.join(root, "workspace");
  execFileSync("mkdir", ["-p", ws]);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: ws, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  writeFileSync(path.join(ws, "README.md"), "# Demo\n\nA tiny project.\n");
  writeFileSync(path.join(ws, "hello.txt"), "hello world\n");
  git("add", "-A");
  git("-c", "user.name=Seed", "-c", "user.email=seed@example.com", "commit", "-q", "-m", "initial");
  const secret = "s".repeat(40);
  const secretFile = path.join(root, "bridge.secret");
  writeFileSync(secretFile, secret, { mode: 0o600 });
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "bridge/server/main.ts"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      KALPANA_BRIDGE_PORT: String(port),
      KALPANA_BRIDGE_HOST: "127.0.0.1",
      KALPANA_WORKSPACE_ROOT: ws,
      KALPANA_BRIDGE_SECRET_FILE: secretFile,
      KALPANA_CHECKPOINT_DIR: path.join(root, "checkpoints.git"),
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr?.on("data", (d) => {
    log += d;
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForBridge(url, 30_000);
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`bridge did not start: ${(e as Error).message}\n${log}`);
  }
  const client = await connectBridge(url, secret);
  return {
    root: ws,
    url,
    secret,
    client,
    stop: async () => {
      client.close();
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(root, { recursive: true, force: true });
    },
  };
}
