import assert from "node:assert/strict";
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { FsReadParams, FsWriteParams } from "../../protocol/index";
import type { OpContext } from "../context";
import { testOpContext } from "../context.fixture";
import { BridgeError } from "../errors";
import { readFile } from "./read-file";
import { writeFile } from "./write-file";

async function context(fs: typeof fsp): Promise<OpContext> {
  const root = await fsp.realpath(await fsp.mkdtemp(path.join(tmpdir(), "kalpana-write-")));
  return testOpContext(root, { fs, execMaxTimeoutMs: 1000, rgPath: "rg", askpassPath: "" });
}

test("fs:write: a failing rename (injected ENOSPC) leaves the old file intact and no temp file", async () => {
  const fs = {
    ...fsp,
    rename: async () => Promise.reject(Object.assign(new Error("no space"), { code: "ENOSPC" })),
  } as typeof fsp;
  const ctx = await context(fs);
  await fsp.writeFile(path.join(ctx.root, "f.txt"), "old");
  await assert.rejects(
    writeFile(ctx, FsWriteParams.parse({ path: "f.txt", content: "new" })),
    (e) =>
      e instanceof BridgeError &&
      e.code === "ENOSPC" &&
      e.message === "f.txt: the workspace's disk is full (delete files to free space)",
  );
  assert.equal(await fsp.readFile(path.join(ctx.root, "f.txt"), "utf8"), "old");
  assert.deepEqual(await fsp.readdir(ctx.root), ["f.txt"]);
  await fsp.rm(ctx.root, { recursive: true });
});

test("fs:write keeps the file mode; fs:read line windows of a big file", async () => {
  const ctx = await context(fsp);
  await fsp.writeFile(path.join(ctx.root, "run.sh"), "#!/bin/sh\n", { mode: 0o755 });
  await writeFile(ctx, FsWriteParams.parse({ path: "run.sh", content: "#!/bin/sh\necho hi\n" }));
  assert.equal((await fsp.stat(path.join(ctx.root, "run.sh"))).mode & 0o777, 0o755);
  const lines = Array.from({ length: 100_000 }, (_, i) => `line ${i + 1}`).join("\n");
  await fsp.writeFile(path.join(ctx.root, "big.log"), lines);
  const w = await readFile(ctx, FsReadParams.parse({ path: "big.log", startLine: 99_999 }));
  assert.deepEqual([w.content, w.endLine, w.hasMore], ["line 99999\nline 100000", 100_000, false]);
  const mid = await readFile(ctx, FsReadParams.parse({ path: "big.log", startLine: 10, endLine: 11 }));
  assert.deepEqual([mid.content, mid.hasMore], ["line 10\nline 11\n", true]);
  await fsp.rm(ctx.root, { recursive: true });
});
