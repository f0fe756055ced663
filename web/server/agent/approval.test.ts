// Which calls wait for the person, judged on where a write really lands: a real bridge process
// (symlinks in its workspace resolved by the bridge), the real agent loop and the fake OpenRouter.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { ApprovalMode } from "../../contract/agent";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import { agentHarness } from "./agent-harness.fixture";
import { approvalFor } from "./approval";
import { type HostBridge, startHostBridge } from "./host-bridge.fixture";
import { bridgePaths, type WorkspacePaths } from "./real-path";

let bridge: HostBridge;
let fake: FakeOpenRouter;
let paths: WorkspacePaths;
before(async () => {
  [bridge, fake] = await Promise.all([startHostBridge(), startFakeOpenRouter()]);
  paths = bridgePaths(async () => bridge.client);
  const ws = bridge.root;
  // A repository that hides sensitive places behind innocent names.
  symlinkSync(".git/hooks", path.join(ws, "docs"));
  symlinkSync(".git/config", path.join(ws, "settings.ini"));
  symlinkSync(".vscode", path.join(ws, "editor")); // dangling: .vscode does not exist yet
  mkdirSync(path.join(ws, "src"));
  symlinkSync("../.github", path.join(ws, "src", "gh"));
  writeFileSync(
    path.join(ws, "package.json"),
    JSON.stringify({ name: "demo", scripts: { test: "node --test", postinstall: "echo hi" } }, null, 2),
  );
});
after(async () => {
  await Promise.all([bridge?.stop(), fake?.close()]);
});

const needs = async (mode: ApprovalMode, tool: string, input: object) => {
  const s = await approvalFor(mode, tool, input, paths);
  return typeof s === "object" && s.type === "user-approval" ? (s.reason ?? "approval") : null;
};

describe("file changes that run something later", () => {
  const cases: Array<[string, object, boolean]> = [
    ["writeFile", { path: ".vscode/tasks.json", content: "{}" }, true],
    ["writeFile", { path: "src/app.ts", content: "x" }, false],
    ["editFile", { path: ".git/config", oldString: "a", newString: "b" }, true],
    ["editFile", { path: "hello.txt", oldString: "hello", newString: "hi" }, false],
    ["moveFile", { from: "hello.txt", to: ".github/workflows/ci.yml" }, true],
    ["moveFile", { from: ".git/hooks/pre-commit.sample", to: "x.sample" }, true],
    ["moveFile", { from: "hello.txt", to: "greeting.txt" }, false],
    ["deleteFile", { path: ".git", recursive: true }, true],
    ["deleteFile", { path: "hello.txt" }, false],
    ["writeFile", { path: "src/../.envrc", content: "use nix" }, true],
    // Through links: the bridge resolves them, the classification follows.
    ["writeFile", { path: "docs/pre-commit", content: "#!/bin/sh\ntouch /tmp/pwned" }, true],
    ["editFile", { path: "settings.ini", oldString: "[core]", newString: "[core]\n\tfsmonitor = x" }, true],
    ["writeFile", { path: "editor/tasks.json", content: "{}" }, true],
    ["writeFile", { path: "src/gh/workflows/x.yml", content: "on: push" }, true],
    ["moveFile", { from: "hello.txt", to: "docs/post-checkout" }, true],
    // package.json: only install-time scripts.
    ["editFile", { path: "package.json", oldString: "node --test", newString: "vitest" }, false],
    ["editFile", { path: "package.json", oldString: "echo hi", newString: "curl x | sh" }, true],
    ["writeFile", { path: "package.json", content: '{"name":"demo","scripts":{"prepare":"node x"}}' }, true],
    [
      "writeFile",
      { path: "package.json", content: '{"name":"demo","scripts":{"postinstall":"echo hi"}}' },
      false,
    ],
  ];
  for (const [tool, input, ask] of cases) {
    test(`ask: ${tool} ${JSON.stringify(input).slice(0, 70)} → ${ask ? "approval" : "runs"}`, async () => {
      const reason = await needs("ask", tool, input);
      assert.equal(reason !== null, ask, reason ?? "");
      if (ask) assert.match(reason!, /^Runs later: /);
    });
  }

  test("auto mode runs file changes (any command could write the same file)", async () => {
    for (const [tool, input] of cases) assert.equal(await needs("auto", tool, input), null);
  });

  test("without the bridge the written path still counts", async () => {
    assert.ok(await approvalFor("ask", "writeFile", { path: ".vscode/tasks.json", content: "" }));
    const s = await approvalFor("ask", "writeFile", { path: "docs/pre-commit", content: "" });
    assert.equal(s, "not-applicable"); // the link is only visible to the bridge
  });
});

describe("through the agent loop", () => {
  const tasks = JSON.stringify({ version: "2.0.0", tasks: [{ label: "x", command: "touch ran.marker" }] });

  test("ask mode: writing .vscode/tasks.json waits for approval; rejected, nothing is written", async () => {
    const h = agentHarness(bridge, fake.baseURL, "ask");
    fake.script({ toolCalls: [{ name: "writeFile", args: { path: ".vscode/tasks.json", content: tasks } }] });
    let answer = await h.send("add a task");
    const part = answer.parts.find((p) => p.type === "tool-writeFile") as {
      state: string;
      approval?: { requestReason?: string };
    };
    assert.equal(part.state, "approval-requested");
    assert.match(String(part.approval?.requestReason), /VS Code runs tasks/);
    assert.equal(existsSync(path.join(bridge.root, ".vscode/tasks.json")), false);
    fake.script({ text: "Not written." });
    answer = await h.respond(false);
    assert.equal(existsSync(path.join(bridge.root, ".vscode/tasks.json")), false);
    assert.equal(
      (answer.parts.find((p) => p.type === "tool-writeFile") as { state: string }).state,
      "output-denied",
    );
  });

  test("ask mode: approved, the file is written; an ordinary file never waits", async () => {
    const h = agentHarness(bridge, fake.baseURL, "ask");
    fake.script({
      toolCalls: [
        { name: "writeFile", args: { path: "notes/plan.md", content: "plan\n" } },
        { name: "writeFile", args: { path: "editor/tasks.json", content: tasks } },
      ],
    });
    const answer = await h.send("write the plan and the task");
    const states = answer.parts
      .filter((p) => p.type === "tool-writeFile")
      .map((p) => (p as { state: string }).state);
    assert.deepEqual(states, ["output-available", "approval-requested"]);
    assert.equal(readFileSync(path.join(bridge.root, "notes/plan.md"), "utf8"), "plan\n");
    fake.script({ text: "Done." });
    await h.respond(true);
    assert.equal(readFileSync(path.join(bridge.root, ".vscode/tasks.json"), "utf8"), tasks);
  });

  test("auto mode: the same write runs at once", async () => {
    const h = agentHarness(bridge, fake.baseURL, "auto");
    fake.script(
      { toolCalls: [{ name: "writeFile", args: { path: ".vscode/settings.json", content: "{}" } }] },
      { text: "Done." },
    );
    const answer = await h.send("add settings");
    const part = answer.parts.find((p) => p.type === "tool-writeFile") as { state: string };
    assert.equal(part.state, "output-available");
    assert.equal(readFileSync(path.join(bridge.root, ".vscode/settings.json"), "utf8"), "{}");
  });
});
