// A team template from KALPANA_TEMPLATES_DIR in a real container: the workspace created from it gets
// the folder's flake.nix at start, kalpana-env realises it against the offline stub package set, and
// the template's tools answer through the bridge. (The loader's rules: template-folder.test.ts.)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { dockerAvailable } from "../../testing/docker.fixture";
import { setupDomainEnv, type TestEnv, waitFor } from "./test-env.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const teamDir = mkdtempSync(path.join(tmpdir(), "kalpana-team-ws-"));
let env: TestEnv;
let m: {
  lifecycle: typeof import("./lifecycle");
  store: typeof import("./store");
  bridge: typeof import("./bridge");
  state: typeof import("./state");
  db: typeof import("../db/client");
};
let userId = "";

// Packages the stub set has (nix/stub/default.nix): jq and hello.
const FLAKE = `{
  description = "Team template: data tools";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";
  outputs =
    { self, nixpkgs }:
    let
      forAllSystems = f: nixpkgs.lib.genAttrs [ "x86_64-linux" "aarch64-linux" ] (system: f nixpkgs.legacyPackages.\${system});
    in
    {
      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell { packages = with pkgs; [ jq hello ]; };
      });
    };
}
`;

before(async () => {
  if (!enabled) return;
  mkdirSync(path.join(teamDir, "team-data"));
  writeFileSync(
    path.join(teamDir, "team-data", "template.json"),
    JSON.stringify({
      id: "team-data",
      name: "Team data",
      description: "jq and hello, from the team's folder.",
      icon: "box",
      tools: [
        { name: "jq", command: "jq --version" },
        { name: "hello", command: "hello --version" },
      ],
      previewPorts: [],
      extensions: [],
    }),
  );
  writeFileSync(path.join(teamDir, "team-data", "flake.nix"), FLAKE);
  env = setupDomainEnv({ KALPANA_TEMPLATES_DIR: teamDir });
  m = {
    lifecycle: await import("./lifecycle"),
    store: await import("./store"),
    bridge: await import("./bridge"),
    state: await import("./state"),
    db: await import("../db/client"),
  };
  userId = (await m.db.db().user.create({ data: { id: "u-team", name: "Team", email: "team@example.com" } }))
    .id;
});

after(async () => {
  if (enabled) env.cleanup();
  rmSync(teamDir, { recursive: true, force: true });
});

test("a workspace from a folder template realises its flake with the stub; its tools answer", {
  skip: !enabled,
}, async () => {
  const view = await m.lifecycle.createWorkspace(userId, { name: "team", template: "team-data" });
  const w = await waitFor(
    () => m.store.getOwned(userId, view.id),
    (x) => x.status === "RUNNING" || x.status === "ERROR",
    180_000,
  );
  assert.equal(w.status, "RUNNING", w.statusMessage ?? "");
  const nix = m.state.startReport(view.id).find((p) => p.phase === "nix");
  assert.equal(nix?.status, "done", JSON.stringify(nix));
  const bridge = await m.bridge.connectWorkspaceBridge(view.id);
  try {
    const status = await bridge.exec.run({ command: "cat /home/coder/.kalpana/env-status.json" });
    assert.equal(JSON.parse(status.output.map((c) => c.data).join("")).state, "ready");
    const flake = await bridge.exec.run({ command: "cat /home/coder/.kalpana/env/flake.nix" });
    assert.equal(flake.output.map((c) => c.data).join(""), FLAKE);
    for (const command of ["jq --version", "hello --version"]) {
      const res = await bridge.exec.run({ command });
      const out = res.output.map((c) => c.data).join("");
      assert.equal(res.exitCode, 0, `${command}: ${out}`);
      assert.match(out, /kalpana-stub/, command);
    }
  } finally {
    bridge.close();
  }
  await m.lifecycle.deleteWorkspace(userId, view.id, "team");
});
