// An admin template in a real container: a workspace made from v1 (jq) realises v1's flake with the
// offline stub package set; the administrator saves v2 (jq + hello); the running workspace keeps v1
// until its owner moves it and restarts, after which hello answers too. (The API's rules:
// admin-templates.test.ts.)
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { dockerAvailable } from "../../testing/docker.fixture";
import { setupDomainEnv, type TestEnv, waitFor } from "../workspaces/test-env.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
let env: TestEnv;
let m: {
  admin: typeof import("./admin");
  lifecycle: typeof import("../workspaces/lifecycle");
  move: typeof import("../workspaces/template-version");
  store: typeof import("../workspaces/store");
  bridge: typeof import("../workspaces/bridge");
  db: typeof import("../db/client");
};
const owner = { id: "u-owner", name: "Owner", email: "owner@example.com" };
const admin = { id: "u-admin", name: "Admin", email: "admin@example.com" };

// Packages the stub set has (nix/stub/default.nix): jq and hello.
const flake = (packages: string) => `{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";
  outputs = { self, nixpkgs }:
    let forAllSystems = f: nixpkgs.lib.genAttrs [ "x86_64-linux" "aarch64-linux" ] (system: f nixpkgs.legacyPackages.\${system});
    in { devShells = forAllSystems (pkgs: { default = pkgs.mkShell { packages = with pkgs; [ ${packages} ]; }; }); };
}
`;

before(async () => {
  if (!enabled) return;
  env = setupDomainEnv();
  m = {
    admin: await import("./admin"),
    lifecycle: await import("../workspaces/lifecycle"),
    move: await import("../workspaces/template-version"),
    store: await import("../workspaces/store"),
    bridge: await import("../workspaces/bridge"),
    db: await import("../db/client"),
  };
  for (const u of [admin, owner]) await m.db.db().user.create({ data: u });
});

after(async () => {
  if (enabled) {
    await m?.db.db().$disconnect();
    env.cleanup();
  }
});

async function running(id: string) {
  const w = await waitFor(
    () => m.store.getOwned(owner.id, id),
    (x) => x.status === "RUNNING" || x.status === "ERROR",
    180_000,
  );
  assert.equal(w.status, "RUNNING", w.statusMessage ?? "");
}

async function shell(id: string, command: string): Promise<{ exitCode: number | null; out: string }> {
  const bridge = await m.bridge.connectWorkspaceBridge(id);
  try {
    const res = await bridge.exec.run({ command });
    return { exitCode: res.exitCode, out: res.output.map((c) => c.data).join("") };
  } finally {
    bridge.close();
  }
}

test("a workspace keeps its template version until moved; after a restart the new flake is realised", {
  skip: !enabled,
}, async () => {
  await m.admin.createAdminTemplate(admin, {
    id: "data",
    name: "Data",
    description: "jq",
    icon: "box",
    memoryMb: null,
    cpus: null,
    extensions: [],
    flake: flake("jq"),
  });
  const view = await m.lifecycle.createWorkspace(owner.id, { name: "numbers", template: "data" });
  assert.equal(view.templateVersion, 1);
  await running(view.id);
  assert.match((await shell(view.id, "jq --version")).out, /kalpana-stub/);
  assert.notEqual((await shell(view.id, "hello --version")).exitCode, 0, "v1 has no hello");

  await m.admin.updateAdminTemplate(admin, "data", {
    name: "Data",
    description: "jq and hello",
    icon: "box",
    memoryMb: null,
    cpus: null,
    extensions: [],
    flake: flake("jq hello"),
  });
  const moved = await m.move.moveTemplateVersion(owner.id, view.id, 2);
  assert.equal(moved.restartRequired, true);
  assert.equal(
    (await shell(view.id, "cat /home/coder/.kalpana/env/flake.nix")).out,
    flake("jq"),
    "the running workspace still has v1",
  );

  await m.lifecycle.restartWorkspace(owner.id, view.id);
  await running(view.id);
  assert.equal((await shell(view.id, "cat /home/coder/.kalpana/env/flake.nix")).out, flake("jq hello"));
  const hello = await shell(view.id, "hello --version");
  assert.equal(hello.exitCode, 0, hello.out);
  assert.match(hello.out, /kalpana-stub/);
  await m.lifecycle.deleteWorkspace(owner.id, view.id, "numbers");
});
