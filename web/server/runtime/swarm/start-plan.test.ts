import assert from "node:assert/strict";
import { test } from "node:test";
import {
  diskCheckDue,
  LABEL_DISKS_NODE,
  mountFailed,
  putConfigName,
  putHash,
  putPayload,
  restartUnmounted,
} from "./start-plan";

const files = [{ path: "/home/coder/.kalpana/env/flake.nix", mode: 0o644, content: "{ }" }];
const dirs = ["/home/coder/.kalpana/env"];

test("the put hash changes with any path, mode, content or folder, and only with them", () => {
  const h = putHash(dirs, files);
  assert.equal(putHash(dirs, [{ ...files[0]!, content: Buffer.from("{ }") }]), h, "string or bytes alike");
  for (const other of [
    putHash([], files),
    putHash(dirs, []),
    putHash(dirs, [{ ...files[0]!, content: "{ x }" }]),
    putHash(dirs, [{ ...files[0]!, mode: 0o600 }]),
    putHash(dirs, [{ ...files[0]!, path: "/home/coder/.kalpana/env/shell.nix" }]),
    // Boundaries are part of the hash: moving bytes between path and content is another payload.
    putHash(dirs, [{ path: "/home/coder/.kalpana/env/flake.nix{", mode: 0o644, content: " }" }]),
  ])
    assert.notEqual(other, h);
});

test("the put config's name fits Swarm's 64 characters with a real workspace id", () => {
  const name = putConfigName("cmx7s1e980000j17doa308p2q", putHash(dirs, files));
  assert.ok(name.length <= 64, name);
  assert.match(name, /^[a-zA-Z0-9][a-zA-Z0-9_.-]*[a-zA-Z0-9]$/);
});

test("the put payload: a line per folder and per file, path and content in base64, read back exactly", () => {
  const tricky = [
    { path: "/home/coder/.kalpana/env/a b\nc.nix", mode: 0o600, content: "line 1\n  line 2 \\ $HOME `x`\n" },
    { path: "/home/coder/.kalpana/empty", mode: 0o644, content: "" },
  ];
  const text = putPayload(dirs, tricky);
  const lines = text.trimEnd().split("\n");
  assert.equal(lines.length, 3, "no byte of a path or a content breaks a line");
  const parsed = lines.map((l) => l.split(" "));
  assert.ok(
    parsed.every((f) => f.length === 4),
    "four fields each",
  );
  const decode = (v: string) => (v === "-" ? "" : Buffer.from(v, "base64").toString());
  assert.deepEqual(parsed[0], ["d", "755", Buffer.from(dirs[0]!).toString("base64"), "-"]);
  assert.deepEqual(
    parsed.slice(1).map(([kind, mode, p, c]) => ({
      kind,
      mode: Number.parseInt(mode!, 8),
      path: decode(p!),
      content: decode(c!),
    })),
    tricky.map((f) => ({ kind: "f", mode: f.mode, path: f.path, content: f.content })),
  );
});

test("the disk check is due when disks are on and the node changed since the last one", () => {
  const table: [Record<string, string> | undefined, boolean, number | undefined, boolean][] = [
    [undefined, false, 7, false], // disks off: nothing to check
    [undefined, true, 7, true], // never checked (a create)
    [{ [LABEL_DISKS_NODE]: "7" }, true, 7, false], // same node object: no restart since
    [{ [LABEL_DISKS_NODE]: "7" }, true, 9, true], // the node registered again (a restart) or changed
    [{ [LABEL_DISKS_NODE]: "7" }, true, undefined, true], // node unreadable: check
  ];
  for (const [labels, disks, version, due] of table)
    assert.equal(diskCheckDue(labels, disks, version), due, JSON.stringify({ labels, disks, version }));
});

test("a task's mount failure is told from other failures", () => {
  assert.equal(
    mountFailed(
      "starting container failed: error while mounting volume '/var/lib/docker/volumes/kalpana-ws-x-workspace/_data': failed to mount local volume: mount /srv/d/kalpana-ws-x-workspace.dev:/var/lib/docker/volumes/kalpana-ws-x-workspace/_data, flags: 0x0, data: ...: no such file or directory",
    ),
    true,
  );
  assert.equal(mountFailed("task: non-zero exit (75)"), false);
  assert.equal(mountFailed("No such image: kalpana/workspace:latest"), false);
  assert.equal(mountFailed(undefined), false);
});

test("a task Swarm restarted that could not mount its volumes asks for the disk check", () => {
  const err =
    'starting container failed: error while mounting volume "/var/lib/docker/volumes/kalpana-w1-workspace/_data": failed to mount local volume: mount /run/kalpana-disks/kalpana-w1-workspace.dev: no such file or directory';
  const old = { ID: "t1", CreatedAt: "2026-12-03T09:00:00Z", Status: { State: "shutdown" } };
  const bad = { ID: "t2", CreatedAt: "2026-12-03T10:00:00Z", Status: { State: "failed", Err: err } };
  assert.equal(restartUnmounted(1, [old, bad]), true);
  assert.equal(restartUnmounted(0, [old, bad]), false, "stopped: nothing to recover");
  const ok = { ID: "t3", CreatedAt: "2026-12-03T10:00:05Z", Status: { State: "running" } };
  assert.equal(restartUnmounted(1, [bad, ok]), false, "the newest task runs");
  const other = { ...bad, Status: { State: "failed", Err: "task: non-zero exit (1)" } };
  assert.equal(restartUnmounted(1, [other]), false, "another failure");
  assert.equal(restartUnmounted(1, []), false);
});
