// env:status reads what kalpana-env wrote, as untrusted input: a missing or malformed status is
// null (not an error), an overlong message is cut, and the log is handed out from an offset in
// chunks that end on a line break, so polling streams every byte exactly once.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { EnvStatusParams, EnvStatusResult, MAX_ENV_MESSAGE } from "../../protocol/index";
import { testOpContext } from "../context.fixture";
import { envStatus } from "./env-status";

let dir = "";
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "kalpana-env-status-"));
});
after(() => rm(dir, { recursive: true, force: true }));

const call = async (p: Partial<{ logOffset: number; maxLogBytes: number }> = {}) => {
  const res = await envStatus(testOpContext(dir, { envDir: dir }), EnvStatusParams.parse(p));
  return EnvStatusResult.parse(res); // what the client checks the reply against
};
const status = (s: object) => writeFile(path.join(dir, "env-status.json"), JSON.stringify(s));

test("no files yet: no status, no log", async () => {
  assert.deepEqual(await call(), { status: null, log: "", logOffset: 0 });
});

test("a malformed or foreign status is null; a valid one is parsed; a huge message is cut", async () => {
  await writeFile(path.join(dir, "env-status.json"), "{ not json");
  assert.equal((await call()).status, null);
  await status({ state: "pwned", message: "x", hash: null, startedAt: 1, finishedAt: null });
  assert.equal((await call()).status, null);
  await status({
    state: "error",
    message: "e".repeat(MAX_ENV_MESSAGE + 10),
    hash: "h",
    startedAt: 5,
    finishedAt: 6,
  });
  const s = (await call()).status;
  assert.equal(s?.state, "error");
  assert.equal(s?.message.length, MAX_ENV_MESSAGE);
});

test("the log streams from an offset, each chunk ending on a line break", async () => {
  const lines = Array.from({ length: 50 }, (_, i) => `line ${i} ünïcode`).join("\n");
  await writeFile(path.join(dir, "env.log"), `${lines}\n`);
  let offset = 0;
  let text = "";
  for (let i = 0; i < 100; i++) {
    const r = await call({ logOffset: offset, maxLogBytes: 64 });
    if (!r.log) break;
    assert.ok(r.log.endsWith("\n"), JSON.stringify(r.log));
    text += r.log;
    offset = r.logOffset;
  }
  assert.equal(text, `${lines}\n`);
  assert.equal((await call({ logOffset: offset })).log, "", "nothing new after the end");
});
