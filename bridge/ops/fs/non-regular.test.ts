import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import * as fsp from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { FsEditParams, FsReadParams, FsWriteParams, SearchGrepParams } from "../../protocol/index";
import type { OpContext } from "../context";
import { testOpContext } from "../context.fixture";
import { grep } from "../search/grep";
import { editFile } from "./edit-file";
import { readFile } from "./read-file";
import { writeFile } from "./write-file";

let root: string;
let sock: Server;
let ctx: OpContext;

before(async () => {
  root = await fsp.realpath(await fsp.mkdtemp(path.join(tmpdir(), "kalpana-nonreg-")));
  execFileSync("mkfifo", [path.join(root, "pipe")]);
  await fsp.symlink("pipe", path.join(root, "to-pipe"));
  sock = createServer();
  await new Promise<void>((r) => sock.listen(path.join(root, "sock"), r));
  ctx = testOpContext(root, { spawn });
});
after(async () => {
  await new Promise((r) => sock.close(r));
  await fsp.rm(root, { recursive: true, force: true });
});

const code = (e: unknown) => (e as { code?: string }).code;

// A FIFO without a writer blocks a plain open forever; a sync open would freeze the whole bridge.
// The ticker proves the event loop kept running while each op was refused.
for (const name of ["pipe", "to-pipe", "sock"]) {
  test(`non-regular files: ${name} is refused by read, line read, write, edit and grep without blocking`, async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const started = performance.now();
    const ops = [
      () => readFile(ctx, FsReadParams.parse({ path: name })),
      () => readFile(ctx, FsReadParams.parse({ path: name, startLine: 1, endLine: 2 })),
      () => readFile(ctx, FsReadParams.parse({ path: name, offset: 0, length: 10 })),
      () => writeFile(ctx, FsWriteParams.parse({ path: name, content: "x" })),
      () => editFile(ctx, FsEditParams.parse({ path: name, oldString: "a", newString: "b" })),
      () => grep(ctx, SearchGrepParams.parse({ pattern: "x", path: name })),
    ];
    for (const op of ops) await assert.rejects(op, (e) => code(e) === "EINVAL", String(op));
    await new Promise((r) => setTimeout(r, 20));
    clearInterval(ticker);
    assert.ok(performance.now() - started < 2000, "refusals are immediate");
    assert.ok(ticks >= 2, `event loop ticked ${ticks} times`);
    // The FIFO is still there: a write did not replace it with a regular file either.
    assert.ok((await fsp.lstat(path.join(root, "pipe"))).isFIFO());
  });
}
