import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import { io, type Socket } from "socket.io-client";
import { ERROR_CODES, REQUEST_EVENTS } from "../protocol/index";
import { type BridgeProcess, startBridgeProcess } from "./bridge.fixture";

let b: BridgeProcess;
let outside: string;

// Deterministic PRNG so a failing run can be replayed.
let seed = 0x2545f491;
const rnd = (n: number) => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
};
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;

// "command" and "url" are left out on purpose: a valid random shell command is not fuzzing.
const KEYS = [
  "id",
  "path",
  "from",
  "to",
  "content",
  "oldString",
  "newString",
  "pattern",
  "offset",
  "length",
  "depth",
  "limit",
  "recursive",
  "overwrite",
  "encoding",
  "jobId",
  "execId",
  "cwd",
  "ref",
  "message",
  "author",
  "__proto__",
  "constructor",
  "prototype",
  "startLine",
  "endLine",
  "maxBytes",
  "timeoutMs",
  "include",
  "env",
  "action",
  "name",
];
const PATHS = [
  "",
  ".",
  "..",
  "../outside",
  "../outside/keep.txt",
  "escape",
  "escape/keep.txt",
  "/",
  "/etc/passwd",
  "a/../../outside",
  "x\0y",
  "a".repeat(5000),
  "f.txt",
  "dir/sub",
  "~",
  "$(id)",
];

function value(depth = 0): unknown {
  switch (rnd(depth > 2 ? 7 : 10)) {
    case 0:
      return null;
    case 1:
      return rnd(2) === 0;
    case 2:
      return pick([0, -1, 1.5, 2 ** 53, Number.NaN, 1e308, 42]);
    case 3:
      return pick(PATHS);
    case 4:
      return "x".repeat(rnd(3) === 0 ? 100_000 : rnd(50));
    case 5:
      return String.fromCharCode(...Array.from({ length: rnd(20) }, () => rnd(0xffff)));
    case 6:
      return undefined;
    case 7:
      return Array.from({ length: rnd(5) }, () => value(depth + 1));
    case 8:
      return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
    default:
      return payload(depth + 1);
  }
}
function payload(depth = 0): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = rnd(6); i > 0; i--) o[pick(KEYS)] = value(depth);
  if (rnd(2) === 0) o.id = `f${rnd(1e6)}`;
  if (rnd(2) === 0) o.path = pick(PATHS);
  return JSON.parse(JSON.stringify(o, (_k, v) => (Number.isNaN(v) ? null : v)) ?? "{}");
}

async function hashTree(dir: string): Promise<string> {
  const h = createHash("sha256");
  for (const e of (await readdir(dir, { withFileTypes: true, recursive: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const p = path.join(e.parentPath, e.name);
    h.update(p);
    if (e.isFile()) h.update(await readFile(p));
  }
  return h.digest("hex");
}

const open = (secret: string) =>
  new Promise<Socket>((resolve, reject) => {
    const s = io(b.url, { auth: { secret }, transports: ["websocket"], reconnection: false });
    s.once("connect", () => resolve(s)).once("connect_error", reject);
  });

before(async () => {
  b = await startBridgeProcess();
  outside = path.join(b.dir, "outside");
  await mkdir(path.join(outside, "nested"), { recursive: true });
  await writeFile(path.join(outside, "keep.txt"), "keep me");
  await writeFile(path.join(outside, "nested/deep.txt"), "deep");
  await symlink(outside, path.join(b.root, "escape"));
  await writeFile(path.join(b.root, "f.txt"), "hello");
});
after(() => b.stop());

test("fuzz: thousands of malformed frames get error replies, the bridge survives, nothing outside changes", {
  timeout: 60_000,
}, async () => {
  const before = await hashTree(outside);
  const sockets = await Promise.all([1, 2, 3, 4].map(() => open(b.secret)));
  const events = [
    ...REQUEST_EVENTS,
    "fs:nope",
    "x",
    "",
    "__proto__",
    "constructor",
    "hasOwnProperty",
    "toString",
    "exec:chunk",
  ];
  let replies = 0;
  for (let round = 0; round < 40; round++) {
    await Promise.all(
      sockets.map(async (s) => {
        const batch: Promise<void>[] = [];
        for (let i = 0; i < 20; i++) {
          const frame = rnd(5) === 0 ? value() : payload();
          const event = pick(events);
          if (rnd(8) === 0) {
            s.emit(event, frame); // no ack: must not crash either
            continue;
          }
          batch.push(
            s
              .timeout(10_000)
              .emitWithAck(event, frame)
              .then((reply: { ok?: unknown; error?: { code?: string } }) => {
                assert.equal(typeof reply.ok, "boolean");
                if (reply.ok === false)
                  assert.ok(
                    (ERROR_CODES as readonly string[]).includes(reply.error?.code ?? ""),
                    JSON.stringify(reply),
                  );
                replies++;
              }),
          );
        }
        await Promise.all(batch);
      }),
    );
  }
  assert.ok(replies > 2500, `only ${replies} replies`);

  // Raw garbage below socket.io: broken packets on an authenticated engine, random TCP bytes, bad polling.
  const victim = await open(b.secret);
  (victim.io.engine as unknown as { send(d: string): void }).send("2garbage[[[{");
  for (let i = 0; i < 20; i++) {
    const tcp = connect(b.port, "127.0.0.1");
    tcp.on("error", () => {});
    tcp.write(Buffer.from(Array.from({ length: 1 + rnd(2000) }, () => rnd(256))));
    tcp.end();
  }
  await fetch(`${b.url}/socket.io/?EIO=4&transport=polling`, { method: "POST", body: "garbage" }).catch(
    () => {},
  );
  await fetch(`${b.url}/socket.io/?EIO=9&transport=nope&sid=${"z".repeat(500)}`).catch(() => {});
  // A frame over the 16 MiB limit closes only that connection.
  const big = await open(b.secret);
  const closed = new Promise((r) => big.once("disconnect", r));
  big.emit("fs:write", { id: "big", path: "big.txt", content: "x".repeat(17 * 1024 * 1024) });
  await closed;

  const fresh = await open(b.secret);
  await writeFile(path.join(b.root, "after.txt"), "still here");
  const ok = await fresh.timeout(5000).emitWithAck("fs:read", { id: "after", path: "after.txt" });
  assert.deepEqual([ok.ok, ok.data?.content], [true, "still here"], JSON.stringify(ok));
  assert.equal(b.proc.exitCode, null, "bridge process still running");
  assert.equal(await hashTree(outside), before, "nothing outside the root changed");
  for (const s of [...sockets, victim, fresh]) s.close();
  // An unexpected exception in an op is a bug even when the caller got a tidy EINTERNAL.
  assert.ok(!b.logs().includes('"level":"error"'), b.logs());
});
