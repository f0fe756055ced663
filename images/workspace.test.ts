// The workspace image end to end, as the control plane uses it: bridge + code-server up,
// every template realised (against the offline stub nixpkgs), custom shell.nix, broken and
// oversize configs reported without blocking the IDE, volumes surviving stop/start.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { connectBridge } from "../bridge/client/index";
import { listTemplates } from "../nix/index";
import { type EnvStatus, WORKSPACE_PATHS } from "./constants";
import { ensureImages } from "./index";
import { dockerAvailable } from "./lib/docker";
import { requireDocker } from "./test/docker.fixture";
import { httpStatus, startWorkspace, type Workspace, waitHttp } from "./test/workspace.fixture";

const STUB = { KALPANA_NIX_STUB: "1" };
let image = "";
const started: Workspace[] = [];

async function workspace(opts: { env?: Record<string, string>; nixFiles?: Record<string, string> }) {
  const ws = await startWorkspace({ image, ...opts });
  started.push(ws);
  return ws;
}

/** Both servers answer; env realisation happens before code-server starts listening. */
async function ready(ws: Workspace) {
  await Promise.all([
    waitHttp(`${ws.bridgeUrl}/healthz`),
    waitHttp(`${ws.ideUrl}/healthz`, 60_000, ws.ideHeaders),
  ]);
  return ws.readJson<EnvStatus>(WORKSPACE_PATHS.nixEnvStatus);
}

before(async () => {
  if (!(await dockerAvailable())) return;
  image = (await ensureImages(() => {})).workspace.tag;
});

after(async () => {
  await Promise.all(started.map((ws) => ws.remove()));
});

test("bridge and code-server answer /healthz; no Nix config means state none", async (t) => {
  if (!(await requireDocker(t))) return;
  const ws = await workspace({});
  const status = await ready(ws);
  assert.equal(status.state, "none");
  const who = await ws.exec("id -u; stat -c '%U %a' /etc/kalpana /etc/kalpana/bridge.secret");
  assert.equal(who.stdout.trim(), "1000\ncoder 700\ncoder 600");
  // Nothing but the bridge listens on TCP (code-server is on its unix socket), and without the
  // secret the bridge's front does not reach code-server.
  const listening = await ws.exec("cat /proc/net/tcp /proc/net/tcp6 | awk '$4 == \"0A\" { print $2 }'");
  assert.deepEqual(
    listening.stdout
      .trim()
      .split("\n")
      .map((a) => Number.parseInt(a.split(":")[1] ?? "", 16)),
    [3001],
    listening.stdout,
  );
  assert.equal(
    await httpStatus(`${ws.ideUrl}/healthz`, 2000, { ...ws.ideHeaders, "x-kalpana-bridge-secret": "x" }),
    401,
  );
  // An empty env folder (created for every workspace by the control plane) is "none" too,
  // and the realiser is callable as a command for later re-realisation.
  const again = await ws.exec(
    `mkdir -p ~/.kalpana/env && kalpana-env --force && cat ${WORKSPACE_PATHS.nixEnvStatus}`,
  );
  assert.equal(again.code, 0, again.stderr);
  assert.equal((JSON.parse(again.stdout) as EnvStatus).state, "none");
  const settings = await ws.exec("cat ~/.local/share/code-server/User/settings.json");
  assert.match(settings.stdout, /"chat.disableAIFeatures": true/);
  // Dark from the first paint (web VS Code paints light until a theme other than its own
  // "Dark 2026" is loaded) and no empty secondary side bar.
  assert.match(settings.stdout, /"workbench.colorTheme": "Dark 2026"/);
  assert.match(settings.stdout, /"workbench.secondarySideBar.defaultVisibility": "hidden"/);
  // Settings seeded by an older image get the new managed keys; a user's own choice stays.
  const migrated = await ws.exec(
    `cd /tmp && printf '{"workbench.colorTheme": "Dark Modern", "a": 1}' >old.json && printf '{"workbench.colorTheme": "Light+"}' >own.json && node /opt/kalpana/settings-seed.mjs old.json 2>/dev/null && node /opt/kalpana/settings-seed.mjs own.json 2>/dev/null && cat old.json own.json`,
  );
  assert.equal(migrated.code, 0, migrated.stderr);
  assert.match(
    migrated.stdout,
    /"workbench.colorTheme": "Dark 2026",\n {2}"a": 1,\n {2}"workbench.secondarySideBar.defaultVisibility": "hidden"/,
  );
  assert.match(
    migrated.stdout,
    /"workbench.colorTheme": "Light\+",\n {2}"workbench.secondarySideBar.defaultVisibility": "hidden"/,
  );
  // The servers' malloc tuning must not leak into user commands run through the bridge.
  const client = await connectBridge(ws.bridgeUrl, ws.secret);
  try {
    const res = await client.exec.run({ command: "printenv MALLOC_ARENA_MAX || echo unset" });
    assert.equal(res.output.map((c) => c.data).join(""), "unset\n");
  } finally {
    client.close();
  }
});

test("every template realises with the stub and its tools answer through the bridge", async (t) => {
  if (!(await requireDocker(t))) return;
  await Promise.all(
    listTemplates().map(async (tpl) => {
      const flake = readFileSync(path.join(tpl.dir, "flake.nix"), "utf8");
      const ws = await workspace({ env: STUB, nixFiles: { "flake.nix": flake } });
      const status = await ready(ws);
      assert.equal(status.state, "ready", `${tpl.id}: ${status.message}`);
      const client = await connectBridge(ws.bridgeUrl, ws.secret);
      try {
        for (const tool of tpl.tools) {
          const res = await client.exec.run({ command: tool.command });
          const out = res.output.map((c) => c.data).join("");
          assert.equal(res.exitCode, 0, `${tpl.id}: ${tool.command}: ${out}`);
          assert.match(out, /kalpana-stub/, `${tpl.id}: ${tool.command}`);
        }
      } finally {
        client.close();
      }
      // Terminals (interactive bash) get the same environment via /etc/bash.bashrc.
      const first = tpl.tools[0]!.command;
      const term = await ws.exec(`bash -ic '${first}' 2>/dev/null`);
      assert.match(term.stdout, /kalpana-stub/, `${tpl.id}: terminal ${first}`);
      // A login shell's /etc/profile resets PATH; the loader must put the env back.
      const login = await ws.exec(`bash -lic '${first}' 2>/dev/null`);
      assert.match(login.stdout, /kalpana-stub/, `${tpl.id}: login terminal ${first}`);
    }),
  );
});

test("env:apply while running: new commands and terminals get the new tools; a broken config changes nothing", async (t) => {
  if (!(await requireDocker(t))) return;
  const tpl = (id: string) => {
    const found = listTemplates().find((x) => x.id === id);
    assert.ok(found, id);
    return { flake: readFileSync(path.join(found.dir, "flake.nix"), "utf8"), tools: found.tools };
  };
  const node = tpl("node");
  const python = tpl("python");
  const ws = await workspace({ env: STUB, nixFiles: { "flake.nix": node.flake } });
  assert.equal((await ready(ws)).state, "ready");
  const client = await connectBridge(ws.bridgeUrl, ws.secret);
  const run = async (command: string) => {
    const res = await client.exec.run({ command });
    return { code: res.exitCode, out: res.output.map((c) => c.data).join("") };
  };
  const pyTool = python.tools[0]!.command;
  try {
    assert.doesNotMatch((await run(pyTool)).out, /kalpana-stub/, "not in the node environment yet");
    const applied = await client.env.apply({ kind: "flake", content: python.flake });
    assert.equal(applied.status?.state, "ready", applied.log);
    assert.equal(applied.restored, false);
    // No restart: the next command and a new terminal load the new env.sh.
    const after = await run(pyTool);
    assert.equal(after.code, 0, after.out);
    assert.match(after.out, /kalpana-stub/);
    assert.match((await ws.exec(`bash -ic '${pyTool}' 2>/dev/null`)).stdout, /kalpana-stub/);

    const broken = await client.env.apply({
      kind: "flake",
      content: "{ outputs = { self }: { devShells = ; }; }\n",
    });
    assert.equal(broken.status?.state, "error");
    assert.match(broken.status?.message ?? "", /error/);
    assert.equal(broken.restored, true);
    assert.match((await run(pyTool)).out, /kalpana-stub/, "the previous environment is still in use");
    assert.equal((await ws.readJson<EnvStatus>(WORKSPACE_PATHS.nixEnvStatus)).state, "ready");
  } finally {
    client.close();
  }
});

test("a custom shell.nix works", async (t) => {
  if (!(await requireDocker(t))) return;
  const shell = `{ pkgs ? import <nixpkgs> {} }:
pkgs.mkShell { packages = [ pkgs.jq pkgs.hello ]; shellHook = "export FROM_SHELL_HOOK=yes"; }
`;
  const ws = await workspace({ env: STUB, nixFiles: { "shell.nix": shell } });
  const status = await ready(ws);
  assert.equal(status.state, "ready", status.message);
  const out = await ws.exec("jq --version && hello --version && echo $FROM_SHELL_HOOK");
  assert.equal(out.stdout, "jq-1.7-kalpana-stub\nhello 2.12-kalpana-stub\nyes\n");
});

test("a broken flake reports the Nix error and the IDE still starts", async (t) => {
  if (!(await requireDocker(t))) return;
  const broken = `{ outputs = { self, nixpkgs }: { devShells = ; }; }\n`;
  const ws = await workspace({ env: STUB, nixFiles: { "flake.nix": broken } });
  const status = await ready(ws);
  assert.equal(status.state, "error");
  assert.match(status.message, /syntax error/);
  assert.equal(await ws.exec("test -e ~/.kalpana/env.sh").then((r) => r.code), 1);
  const log = await ws.exec(`cat ${WORKSPACE_PATHS.nixEnvLog}`);
  assert.match(log.stdout, /syntax error/);
  // The warning a terminal shows, and base tools still there.
  const term = await ws.exec("bash -ic 'node --version' 2>/dev/null");
  assert.match(term.stdout, /Nix environment failed to build/);
  assert.match(term.stdout, /v24\./);
});

test("an oversize Nix config is refused", async (t) => {
  if (!(await requireDocker(t))) return;
  const big = `# ${"x".repeat(70 * 1024)}\n{ }\n`;
  const ws = await workspace({ env: STUB, nixFiles: { "shell.nix": big } });
  const status = await ready(ws);
  assert.equal(status.state, "error");
  assert.match(status.message, /limit is 65536/);
});

test("workspace files, the Nix store and the cached env survive stop/start", async (t) => {
  if (!(await requireDocker(t))) return;
  const node = listTemplates().find((x) => x.id === "node")!;
  const flake = readFileSync(path.join(node.dir, "flake.nix"), "utf8");
  const ws = await workspace({ env: STUB, nixFiles: { "flake.nix": flake } });
  assert.equal((await ready(ws)).state, "ready");
  await ws.exec("echo kept > /workspace/note.txt");
  const store = (await ws.exec("command -v node")).stdout.trim();
  assert.match(store, /^\/nix\/store\//);
  await ws.restart();
  const status = await ready(ws);
  assert.equal(status.state, "ready");
  assert.equal(status.message, "cached environment");
  assert.equal((await ws.exec("cat /workspace/note.txt")).stdout, "kept\n");
  assert.equal((await ws.exec(`test -x ${store} && node --version`)).stdout, "v22.0.0-kalpana-stub\n");
});
