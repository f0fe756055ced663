import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { connectBridge } from "../client/index";

const here = path.dirname(fileURLToPath(import.meta.url));

test("bundle: dist/bridge.mjs runs alone (no node_modules anywhere above it)", {
  timeout: 60_000,
}, async () => {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), "kalpana-bundle-")));
  try {
    const out = path.join(dir, "bridge.mjs");
    const built = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(here, "../scripts/bundle.ts"), "--outfile", out],
      {
        encoding: "utf8",
      },
    );
    assert.equal(built.status, 0, built.stderr);
    await mkdir(path.join(dir, "ws"));
    const secret = randomBytes(24).toString("hex");
    await writeFile(path.join(dir, "secret"), secret);
    const proc = spawn(process.execPath, [out], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        KALPANA_BRIDGE_PORT: "0",
        KALPANA_BRIDGE_HOST: "127.0.0.1",
        KALPANA_WORKSPACE_ROOT: path.join(dir, "ws"),
        KALPANA_BRIDGE_SECRET_FILE: path.join(dir, "secret"),
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let logs = "";
    const port = await new Promise<number>((resolve, reject) => {
      proc.stderr!.on("data", (b: Buffer) => {
        logs += b.toString();
        const m = /"port":(\d+)/.exec(logs);
        if (m) resolve(Number(m[1]));
      });
      proc.once("exit", () => reject(new Error(logs)));
    });
    const c = await connectBridge(`http://127.0.0.1:${port}`, secret);
    await c.fs.write({ path: "hello.txt", content: "hi" });
    assert.equal((await c.exec.run({ command: "cat hello.txt" })).output[0]?.data, "hi");
    c.close();
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    await exited;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
