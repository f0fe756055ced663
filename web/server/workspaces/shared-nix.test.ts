// The host's shared Nix store (KALPANA_SHARED_NIX_STORE) with real containers and the stub package
// set: two workspaces of one template share one generation (built once, the second runs no Nix at
// all), both have the template's tools, and what one workspace writes or deletes in /nix — a store
// path, the shared env.sh — is invisible to the other and to the generation itself.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { dockerAvailable, dockerCli } from "../../testing/docker.fixture";
import { setupDomainEnv, type TestEnv, waitFor } from "./test-env.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
let env: TestEnv;
let m: {
  lifecycle: typeof import("./lifecycle");
  store: typeof import("./store");
  bridge: typeof import("./bridge");
  image: typeof import("./image");
  prerealise: typeof import("./prerealise");
  db: typeof import("../db/client");
};
let userId = "";
let runningB = "";
// A team template whose flake fails to evaluate: its generation cannot be built.
const teamDir = mkdtempSync(path.join(tmpdir(), "kalpana-shared-nix-"));

before(async () => {
  if (!enabled) return;
  mkdirSync(path.join(teamDir, "broken"));
  writeFileSync(
    path.join(teamDir, "broken", "template.json"),
    JSON.stringify({
      id: "broken",
      name: "Broken",
      description: "Its flake throws.",
      icon: "box",
      tools: [{ name: "Bash", command: "bash --version" }],
      previewPorts: [],
      extensions: [],
    }),
  );
  writeFileSync(
    path.join(teamDir, "broken", "flake.nix"),
    '{ outputs = _: throw "kalpana-broken-template"; }\n',
  );
  env = setupDomainEnv({
    KALPANA_SHARED_NIX_STORE: "1",
    KALPANA_TEMPLATES_DIR: teamDir,
    KALPANA_MAX_RUNNING_PER_USER: "10",
  });
  m = {
    lifecycle: await import("./lifecycle"),
    store: await import("./store"),
    bridge: await import("./bridge"),
    image: await import("./image"),
    prerealise: await import("./prerealise"),
    db: await import("../db/client"),
  };
  userId = (await m.db.db().user.create({ data: { id: "u-nix", name: "Nix", email: "nix@example.com" } })).id;
});

after(async () => {
  if (enabled) env.cleanup();
  rmSync(teamDir, { recursive: true, force: true });
});

async function running(name: string, template = "node"): Promise<string> {
  const view = await m.lifecycle.createWorkspace(userId, { name, template });
  const w = await waitFor(
    () => m.store.getOwned(userId, view.id),
    (x) => x.status === "RUNNING" || x.status === "ERROR",
    180_000,
  );
  assert.equal(w.status, "RUNNING", w.statusMessage ?? "");
  return view.id;
}

/** bash as the workspace user, with the workspace's environment loaded (BASH_ENV). */
const sh = (id: string, script: string) =>
  dockerCli("exec", "-u", "1000", `kalpana-ws-${id}`, "bash", "-c", script);

async function bridgeRun(id: string, command: string): Promise<string> {
  const bridge = await m.bridge.connectWorkspaceBridge(id);
  try {
    const res = await bridge.exec.run({ command });
    const out = res.output.map((c) => c.data).join("");
    assert.equal(res.exitCode, 0, `${command}: ${out}`);
    return out;
  } finally {
    bridge.close();
  }
}

const generations = () =>
  dockerCli(
    "ps",
    "-a",
    "--filter",
    `label=kalpana.testrun=${env.runId}`,
    "--filter",
    "label=kalpana.nix-generation",
  )
    .split("\n")
    .slice(1)
    .filter(Boolean);

/** Reads the generation's own files from a read-only mount, outside any workspace. */
const inGeneration = async (volume: string, script: string) =>
  dockerCli(
    "run",
    "--rm",
    "--network",
    "none",
    "-u",
    "1000",
    "--entrypoint",
    "bash",
    "-v",
    `${volume}:/g:ro`,
    await m.image.workspaceImage(),
    "-c",
    script,
  );

test("two workspaces of one template: one generation, the second runs no Nix, writes stay private", {
  skip: !enabled,
}, async () => {
  const a = await running("shared-a");
  const b = await running("shared-b");
  runningB = b;
  assert.equal(generations().length, 1, "the template was realised once for the host");

  for (const id of [a, b]) {
    const status = JSON.parse(sh(id, "cat ~/.kalpana/env-status.json"));
    assert.equal(status.state, "ready");
    assert.match(status.message, /shared environment/, `${id}: ${status.message}`);
    // No `$ nix …` line: kalpana-env adopted the generation without evaluating anything.
    assert.doesNotMatch(sh(id, "cat ~/.kalpana/env.log"), /^\$ nix /m);
    assert.match(await bridgeRun(id, "node --version"), /kalpana-stub/);
    // The generation is never a mount of the workspace: only its overlay volume is.
    const mounts = JSON.parse(dockerCli("inspect", "-f", "{{json .Mounts}}", `kalpana-ws-${id}`)) as {
      Name?: string;
      Destination: string;
      RW: boolean;
    }[];
    assert.deepEqual(mounts.find((x) => x.Destination === "/nix")?.Name, `kalpana-${id}-nix`);
    assert.ok(!mounts.some((x) => x.Name?.startsWith("kalpana-nixgen-")), JSON.stringify(mounts));
    // Its own layer is mounted too (so Docker counts it as used), read-only.
    for (const part of ["upper", "work"]) {
      const layer = mounts.find((x) => x.Name === `kalpana-${id}-nix-${part}`);
      assert.equal(layer?.RW, false, `${part}: ${JSON.stringify(layer)}`);
    }
  }

  // The attacker in A: rewrite node's binary in its store path, delete another path, replace the
  // shared env.sh, and try the generation's folder through /proc and the mount table.
  const nodeBin = sh(a, 'readlink -f "$(command -v node)"').trim();
  assert.match(nodeBin, /^\/nix\/store\/[a-z0-9]{32}-/);
  const before = sh(b, `sha256sum ${nodeBin}`).split(" ")[0];
  const nodePath = nodeBin.split("/").slice(0, 4).join("/");
  const victim = sh(
    a,
    `for p in /nix/store/*-*/; do [ "\${p%/}" != ${nodePath} ] && echo "\${p%/}" && break; done`,
  ).trim();
  assert.match(victim, /^\/nix\/store\/[a-z0-9]{32}-/);
  sh(
    a,
    `set -e
    chmod -R u+w ${path.dirname(nodeBin)} ${victim} /nix/var/kalpana
    printf '#!/bin/sh\\necho poisoned\\n' > ${nodeBin}
    rm -rf ${victim}
    echo 'export PATH=/tmp/evil:$PATH' > /nix/var/kalpana/generation/env.sh`,
  );
  assert.equal(sh(a, `${nodeBin}`).trim(), "poisoned", "the write happened, in A's own view");
  assert.equal(sh(a, `test -e ${victim} && echo there || echo gone`).trim(), "gone");
  // The lower folder's host path shows in A's mount table, but nothing in A reaches it.
  const lower = /lowerdir=([^,\s]+)/.exec(sh(a, "grep ' /nix ' /proc/self/mountinfo"))?.[1] ?? "";
  assert.match(lower, /kalpana-nixgen-[0-9a-f]{32}/);
  assert.equal(sh(a, `test -e ${lower} && echo reachable || echo absent`).trim(), "absent");
  // Nor can A write its own layer behind the overlay's back.
  assert.match(
    sh(
      a,
      "touch /var/lib/kalpana-nix-layer/upper/x 2>&1 || true; touch /var/lib/kalpana-nix-layer/upper/store/x 2>&1 || true",
    ),
    /Read-only file system[\s\S]*Read-only file system/,
  );

  // B still sees the original, and so does the generation itself.
  assert.equal(sh(b, `sha256sum ${nodeBin}`).split(" ")[0], before);
  assert.match(await bridgeRun(b, "node --version"), /kalpana-stub/);
  assert.equal(sh(b, `test -e ${victim} && echo there`).trim(), "there");
  assert.doesNotMatch(sh(b, "cat /nix/var/kalpana/generation/env.sh"), /evil/);
  const gen = generations()[0]?.split(/\s+/).at(-1) ?? "";
  assert.match(gen, /^kalpana-nixgen-[0-9a-f]{32}$/);
  const inGen = await inGeneration(
    gen,
    `sha256sum /g${nodeBin.slice(4)}; test -e /g${victim.slice(4)} && echo there`,
  );
  assert.equal(inGen.split(" ")[0], before);
  assert.match(inGen, /there$/);
  assert.doesNotMatch(await inGeneration(gen, "cat /g/var/kalpana/generation/env.sh"), /evil/);

  // A's layer is a real volume: after a restart (the overlay mounted again) its own change is still there.
  await m.lifecycle.stopWorkspaceById(a);
  await m.lifecycle.startWorkspace(userId, a);
  await waitFor(
    () => m.store.getOwned(userId, a),
    (x) => x.status === "RUNNING" || x.status === "ERROR",
    120_000,
  );
  assert.equal(sh(a, `${nodeBin}`).trim(), "poisoned");
  assert.equal(sh(b, `sha256sum ${nodeBin}`).split(" ")[0], before);

  // A third workspace created after the attack gets the original environment too.
  const c = await running("shared-c");
  assert.match(await bridgeRun(c, "node --version"), /kalpana-stub/);
  assert.equal(generations().length, 1);

  // Deleting a workspace removes its own layers, never the generation.
  await m.lifecycle.deleteWorkspace(userId, a, "shared-a");
  const left = dockerCli("volume", "ls", "-q", "--filter", `label=kalpana.testrun=${env.runId}`);
  assert.doesNotMatch(left, new RegExp(`kalpana-${a}-`));
  assert.match(left, new RegExp(gen));
  assert.match(await bridgeRun(b, "node --version"), /kalpana-stub/);
});

test("a pre-realised template: its first workspace adopts the generation built ahead", {
  skip: !enabled,
}, async () => {
  await assert.rejects(m.prerealise.prerealiseTemplates(["no-such"]), /no such template: no-such/);
  const before = generations().length;
  const [done] = await m.prerealise.prerealiseTemplates(["python"]);
  assert.equal(done?.template, "python");
  assert.equal(done?.ok, true);
  assert.equal(generations().length, before + 1);
  // Again: found, not rebuilt.
  assert.equal((await m.prerealise.prerealiseTemplates(["python"]))[0]?.ok, true);
  assert.equal(generations().length, before + 1);

  const id = await running("pre-python", "python");
  assert.equal(generations().length, before + 1, "the workspace used the pre-realised generation");
  const status = JSON.parse(sh(id, "cat ~/.kalpana/env-status.json"));
  assert.match(status.message, /shared environment/);
  assert.match(await bridgeRun(id, "python3 --version"), /kalpana-stub/);
});

test("a template that fails to realise: no generation, the workspace gets a store of its own and the error", {
  skip: !enabled,
}, async () => {
  const before = generations().length;
  const id = await running("broken", "broken");
  assert.equal(generations().length, before, "a failed build leaves no generation behind");
  const opts = dockerCli("volume", "inspect", "-f", "{{json .Options}}", `kalpana-${id}-nix`);
  assert.doesNotMatch(opts, /overlay/);
  const status = JSON.parse(sh(id, "cat ~/.kalpana/env-status.json"));
  assert.equal(status.state, "error");
  assert.match(status.message, /kalpana-broken-template/);
  assert.match((await m.store.getOwned(userId, id)).statusMessage ?? "", /Nix environment failed/);
});

test("two workspaces of a new template created at once: one generation, built once", {
  skip: !enabled,
}, async () => {
  const before = generations().length;
  const [x, y] = await Promise.all([running("rust-x", "rust"), running("rust-y", "rust")]);
  assert.equal(generations().length, before + 1);
  for (const id of [x, y]) assert.match(await bridgeRun(id, "cargo --version"), /kalpana-stub/);
});

test("prune: deletes generations nothing uses, keeps the templates' current ones and those in use", {
  skip: !enabled,
}, async () => {
  const names = () => generations().map((line) => line.split(/\s+/).at(-1) ?? "");
  await m.prerealise.prerealiseTemplates(["go"]);
  const withGo = names();
  // Every template's current generation is kept, used or not.
  assert.deepEqual(await m.prerealise.pruneGenerations(), []);
  assert.deepEqual(names().sort(), withGo.sort());
  // Keeping nothing: only the unused go generation goes; node's and python's have workspaces on them.
  const removed = await m.prerealise.pruneGenerations({ keepTemplates: false });
  assert.equal(removed?.length, 1, JSON.stringify(removed));
  assert.deepEqual(names().sort(), withGo.filter((n) => n !== removed?.[0]).sort());
  const left = dockerCli("volume", "ls", "-q", "--filter", `label=kalpana.testrun=${env.runId}`);
  assert.doesNotMatch(left, new RegExp(removed?.[0] ?? "none"));
  // The workspaces on the kept generations still have their tools.
  assert.match(await bridgeRun(runningB, "node --version"), /kalpana-stub/);
});
