// updateNixEnvironment through the real agent loop and a real bridge process running the image's
// kalpana-env (with a stand-in `nix`, bridge/ops/env/fake-nix.fixture.ts): in ask mode it waits for
// the person; Nix's error goes back to the model, which fixes the file; only the configuration that
// realised is stored as the workspace's. The real Nix and the new terminals: images/workspace.test.ts.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { installFakeNix, KALPANA_ENV } from "../../../../bridge/ops/env/fake-nix.fixture";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../../testing/fake-openrouter.fixture";
import { agentHarness } from "../agent-harness.fixture";
import { type HostBridge, startHostBridge } from "../host-bridge.fixture";

let home = "";
let bridge: HostBridge;
let fake: FakeOpenRouter;
before(async () => {
  home = await mkdtemp(path.join(tmpdir(), "kalpana-nix-tool-"));
  const bin = await installFakeNix(home);
  [bridge, fake] = await Promise.all([
    startHostBridge({
      KALPANA_ENV_DIR: path.join(home, ".kalpana"),
      KALPANA_ENV_REALISER: KALPANA_ENV,
      PATH: `${bin}:${process.env.PATH ?? ""}`,
    }),
    startFakeOpenRouter(),
  ]);
});
after(async () => {
  await Promise.all([bridge?.stop(), fake?.close()]);
  await rm(home, { recursive: true, force: true });
});

const BROKEN = "{ outputs = _: { devShells = BROKEN; }; }\n";
const FIXED = "{ outputs = _: { devShells = { tool-fixed = 1; }; }; }\n";
const toolResults = (i: number) =>
  JSON.stringify(fake.requests[i]?.messages.filter((m) => m.role === "tool") ?? []);

test("ask mode: each change waits for approval; the Nix error reaches the model; the fix is stored", async () => {
  const h = agentHarness(bridge, fake.baseURL, "ask");
  fake.script({ toolCalls: [{ name: "updateNixEnvironment", args: { kind: "flake", content: BROKEN } }] });
  let answer = await h.send("add the tool to my environment");
  const waiting = answer.parts.find((p) => p.type === "tool-updateNixEnvironment") as { state: string };
  assert.equal(waiting.state, "approval-requested");
  const envFile = path.join(home, ".kalpana", "env", "flake.nix");
  assert.equal(await readFile(envFile, "utf8").catch(() => null), null, "nothing ran before approval");

  fake.script({ toolCalls: [{ name: "updateNixEnvironment", args: { kind: "flake", content: FIXED } }] });
  answer = await h.respond(true);
  assert.match(toolResults(1), /undefined variable 'BROKEN'/, "the model read Nix's error");
  assert.match(toolResults(1), /previous one is still in use/);
  assert.deepEqual(h.nixConfigs, [], "a config that failed is not stored");

  fake.script({ text: "Your environment has the tool now." });
  answer = await h.respond(true);
  assert.match(toolResults(2), /environment realised in/);
  assert.deepEqual(h.nixConfigs, [{ kind: "flake", content: FIXED }]);
  assert.equal(await readFile(envFile, "utf8"), FIXED);
  assert.match(await readFile(path.join(home, ".kalpana", "env.sh"), "utf8"), /KALPANA_TEST_TOOL=tool-fixed/);
  assert.deepEqual(
    h.audit.filter((a) => a.tool === "updateNixEnvironment").map((a) => a.outcome),
    ["error", "ok"],
  );
});
