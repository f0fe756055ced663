import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { installAskpass } from "./askpass";

// The real script under /bin/sh, fed the prompts git really prints.
test("askpass: answers only git's prompts for the one origin of this call", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "kalpana-askpass-test-"));
  const script = await installAskpass(dir);
  const ask = (prompt: string, origin = "https://github.com") =>
    spawnSync(script, [prompt], {
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        KALPANA_GIT_USERNAME: "x-access-token",
        KALPANA_GIT_PASSWORD: "tok",
        KALPANA_GIT_ORIGIN: origin,
      },
    });
  try {
    assert.equal(ask("Username for 'https://github.com': ").stdout, "x-access-token\n");
    assert.equal(ask("Password for 'https://x-access-token@github.com': ").stdout, "tok\n");
    assert.equal(ask("Password for 'http://127.0.0.1:8080': ", "http://127.0.0.1:8080").stdout, "tok\n");
    for (const [prompt, origin] of [
      ["Password for 'https://evil.example': ", "https://github.com"],
      ["Password for 'http://github.com': ", "https://github.com"],
      ["Password for 'https://github.com.evil.example': ", "https://github.com"],
      ["Password for 'https://github.com:444': ", "https://github.com"],
      ["Enter passphrase for key '/home/coder/.ssh/id_ed25519': ", "https://github.com"],
      ["Password for 'https://github.com': ", ""],
    ]) {
      const r = ask(prompt!, origin);
      assert.equal(r.stdout, "", prompt);
      assert.notEqual(r.status, 0, prompt);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
