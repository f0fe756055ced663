import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BridgeClient, connectBridge } from "../client/index";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface BridgeProcess {
  url: string;
  port: number;
  /** Temp folder holding the workspace root (`root`), a sibling folder and the secret file. */
  dir: string;
  root: string;
  secret: string;
  proc: ChildProcess;
  logs: () => string;
  connect(): Promise<BridgeClient>;
  stop(): Promise<void>;
}

/**
 * A real bridge PROCESS on a random port with a temp root and secret file. Runs the source via
 * tsx, or the bundle when KALPANA_BRIDGE_TEST_BUNDLE=1 (after `npm run build -w bridge`).
 */
export async function startBridgeProcess(
  env: Record<string, string> = {},
  fixedSecret?: string,
): Promise<BridgeProcess> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), "kalpana-bridge-it-")));
  const root = path.join(dir, "ws");
  await mkdir(root);
  const secret = fixedSecret ?? randomBytes(32).toString("hex");
  await writeFile(path.join(dir, "secret"), `${secret}\n`, { mode: 0o600 });
  const entry = process.env.KALPANA_BRIDGE_TEST_BUNDLE
    ? [path.join(here, "../dist/bridge.mjs")]
    : ["--import", "tsx", path.join(here, "main.ts")];
  const proc = spawn(process.execPath, entry, {
    env: {
      ...process.env,
      KALPANA_BRIDGE_PORT: "0",
      KALPANA_BRIDGE_HOST: "127.0.0.1",
      KALPANA_WORKSPACE_ROOT: root,
      KALPANA_BRIDGE_SECRET_FILE: path.join(dir, "secret"),
      // Outside the root, like /home/coder/.kalpana in the image.
      KALPANA_CHECKPOINT_DIR: path.join(dir, "checkpoints.git"),
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let logs = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bridge did not start:\n${logs}`)), 20_000);
    proc.stderr!.setEncoding("utf8");
    proc.stderr!.on("data", (t: string) => {
      logs += t;
      const m = /"msg":"listening","port":(\d+)/.exec(logs);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.once("exit", (code) => reject(new Error(`bridge exited (${code}):\n${logs}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const clients: BridgeClient[] = [];
  return {
    url,
    port,
    dir,
    root,
    secret,
    proc,
    logs: () => logs,
    async connect() {
      const c = await connectBridge(url, secret);
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.close();
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Is a process (by pid) still alive? Zombies count as gone. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}
