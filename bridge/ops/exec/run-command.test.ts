import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { test } from "node:test";
import { ExecRunParams } from "../../protocol/index";
import type { OpContext } from "../context";
import { testOpContext } from "../context.fixture";
import { BridgeError } from "../errors";
import { runCommand } from "./run-command";
import { shellSpawnArgs } from "./shell";

const ctx = (spawn: OpContext["spawn"]): OpContext =>
  testOpContext(tmpdir(), { spawn, execMaxTimeoutMs: 1000 });

test("exec: bash -c without -l, so BASH_ENV (the cached Nix env) is what gets loaded", () => {
  assert.deepEqual(shellSpawnArgs("echo hi"), ["bash", ["-c", "echo hi"]]);
});

test("exec: a spawn failure (injected EAGAIN) becomes EBUSY, not a crash", async () => {
  const failing = (() => {
    throw Object.assign(new Error("spawn EAGAIN"), { code: "EAGAIN" });
  }) as unknown as OpContext["spawn"];
  await assert.rejects(
    runCommand(ctx(failing), ExecRunParams.parse({ command: "true" }), "x"),
    (e) => e instanceof BridgeError && e.code === "EBUSY",
  );
});

test("exec: the same execId cannot run twice on one connection", async () => {
  const c = ctx((() => assert.fail("must not spawn")) as unknown as OpContext["spawn"]);
  c.execs.set("dup", () => {});
  await assert.rejects(
    runCommand(c, ExecRunParams.parse({ command: "true" }), "dup"),
    (e) => e instanceof BridgeError && e.code === "EBUSY",
  );
});
