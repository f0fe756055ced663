// Extensions and setup hooks through the real web server, a local fake Open VSX (fake-gallery.
// fixture.ts: real tiny .vsix files) and real workspace containers:
// - a repository's real-world-shaped devcontainer.json (fixtures/typescript-node) taken over at
//   create: its variables become the workspace's, its extensions are installed by code-server, its
//   postCreateCommand runs inside the container (and fails there: no package.json, a warning);
// - a template's extensions plus the repository's are installed at the first start and skipped at
//   the next; one whose gallery answer points at another host is refused (a warning, not a stop);
//   onCreate runs once, onStart at every start, with the workspace's variables, output in the log;
// - bad setup input is a 400 naming the field; every sample format is accepted as create input.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are bash scripts, their ${…} is bash's
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { ConfigSource } from "../../contract/portable-config";
import { cleanupDocker, dockerAvailable, dockerCli, testRun } from "../../testing/docker.fixture";
import { localSignUp, startWebServer, type WebServer } from "../../testing/web-server.fixture";
import { CONVERTERS } from "../environments/import/inspect";
import { type Api, apiAs, createRunning, waitRunning } from "../workspaces/api-test.fixture";
import { waitFor, workspaceTestEnv } from "../workspaces/test-env.fixture";
import { type FakeGallery, startFakeGallery, tinyVsix } from "./fake-gallery.fixture";
import { EXTENSIONS_FAILED } from "./install";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const run = testRun();
const dataDir = mkdtempSync(path.join(tmpdir(), "kalpana-extensions-"));
let web: WebServer;
let gallery: FakeGallery;
let alice: Api;

const sample = (file: string, source: ConfigSource) =>
  CONVERTERS[source](
    readFileSync(new URL(`../environments/import/fixtures/${file}`, import.meta.url), "utf8"),
  );
const CODE_SERVER = "/usr/local/bin/node /opt/code-server/node_modules/code-server/out/node/entry.js";
const inHome = (id: string, script: string) =>
  dockerCli("exec", "-u", "1000", `kalpana-ws-${id}`, "bash", "-c", `cd "$HOME" && ${script}`);
const listExtensions = (id: string) => inHome(id, `${CODE_SERVER} --list-extensions`).split("\n");
const idePhase = async (id: string): Promise<{ status: string; lines: string[] }> => {
  const r = await alice("GET", `/api/workspaces/${id}/logs`);
  assert.equal(r.status, 200);
  return r.json.phases.find((p: { phase: string }) => p.phase === "ide");
};
/** Waits until the ide phase's log has a line matching `re` (hooks run after RUNNING). */
const logged = (id: string, re: RegExp) =>
  waitFor(
    () => idePhase(id),
    (p) => p.lines.some((l) => re.test(l)),
    90_000,
  );

before(async () => {
  if (!enabled) return;
  gallery = await startFakeGallery();
  for (const id of [
    "dbaeumer.vscode-eslint",
    "esbenp.prettier-vscode",
    "ms-vscode.vscode-typescript-next",
    "kalpana-test.hello",
  ]) {
    const [publisher, name] = id.split(".") as [string, string];
    gallery.add(id, tinyVsix(publisher, name, "1.0.0"));
  }
  // Attacker-side: a gallery (compromised, or a mirror misconfigured) sends the server elsewhere.
  gallery.answer(
    "evil.ext",
    JSON.stringify({ version: "6.6.6", files: { download: "http://169.254.169.254/latest/x.vsix" } }),
  );
  web = await startWebServer({
    ...workspaceTestEnv(run.labels, { KALPANA_EXTENSION_GALLERY: gallery.url }),
    KALPANA_DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "kalpana.db")}`,
    KALPANA_MAX_RUNNING_PER_USER: "3",
  });
  alice = apiAs(web.url, await localSignUp(web.url, "alice@example.com"));
});

after(async () => {
  if (!enabled) return;
  await web?.stop();
  await gallery?.close();
  cleanupDocker(run.id);
  rmSync(dataDir, { recursive: true, force: true });
});

test("a repository's devcontainer.json at create: variables, extensions, postCreateCommand in the container", {
  skip: !enabled,
  timeout: 300_000,
}, async () => {
  const c = sample("typescript-node.devcontainer.json", "devcontainer");
  const { id } = await createRunning(alice, {
    name: "from devcontainer",
    nixConfig: c.nixConfig,
    nixConfigKind: c.nixConfigKind,
    setup: c.setup,
    env: c.env,
  });
  const vars = await alice("GET", `/api/workspaces/${id}/variables`);
  assert.deepEqual(
    vars.json.variables.map((v: { name: string; secret: boolean }) => `${v.name}:${v.secret}`).sort(),
    c.env.map((e) => `${e.name}:false`).sort(),
  );
  const installed = listExtensions(id);
  for (const ext of c.setup.extensions) assert.ok(installed.includes(ext), `${ext} in ${installed}`);
  // npm install without a package.json fails: inside the container, as a warning in the log.
  const ide = await logged(id, /postCreateCommand: failed \(exit \d+\)/);
  assert.ok(
    ide.lines.some((l) => l === "onCreate postCreateCommand: npm install"),
    ide.lines.join(" | "),
  );
  assert.ok(
    ide.lines.some((l) => /^onCreate postCreateCommand \| npm (error|ERR)/.test(l)),
    ide.lines.join(" | "),
  );
  await waitFor(
    () => idePhase(id),
    (p) => p.status === "warning",
  );
  assert.equal(inHome(id, "test -e .kalpana/on-create-done && echo yes"), "yes");
  assert.equal(
    (await alice("DELETE", `/api/workspaces/${id}`, { confirmName: "from devcontainer" })).status,
    200,
  );
});

test("template + repository extensions at the first start, skipped at the next; hooks once / every start", {
  skip: !enabled,
  timeout: 400_000,
}, async () => {
  const { id, message } = await createRunning(alice, {
    name: "hooks",
    template: "node",
    setup: {
      extensions: ["kalpana-test.hello", "evil.ext", "nobody.missing"],
      onCreate: [{ name: "count-create", command: 'echo "create in $PWD" >> "$HOME/create-count"' }],
      onStart: [
        { name: "count-start", command: 'echo start >> "$HOME/start-count"; echo "repo says $FROM_REPO"' },
        { name: "server", command: "echo serving; sleep 600" },
      ],
      ports: [3000],
    },
    env: [{ name: "FROM_REPO", value: "hello from the repository" }],
  });
  assert.equal(message, EXTENSIONS_FAILED, "two extensions failed: a warning, still RUNNING");
  const installed = listExtensions(id);
  for (const ext of ["dbaeumer.vscode-eslint", "esbenp.prettier-vscode", "kalpana-test.hello"])
    assert.ok(installed.includes(ext), `${ext} in ${installed}`);
  assert.ok(!installed.includes("evil.ext"));
  let ide = await logged(id, /count-start \| repo says hello from the repository/);
  assert.equal(ide.status, "warning");
  const text = ide.lines.join("\n");
  assert.match(text, /extension kalpana-test\.hello 1\.0\.0 installed/);
  assert.match(
    text,
    /extension evil\.ext: the download is not on the gallery's host \(169\.254\.169\.254\): refused/,
  );
  assert.match(text, /extension nobody\.missing: not found in the gallery/);
  assert.ok(!gallery.requests.some((r) => r.includes("169.254")), "the server never fetched the foreign URL");
  await logged(id, /onStart server \| serving/);
  assert.equal(inHome(id, "cat create-count"), "create in /workspace");
  assert.equal(inHome(id, "cat .kalpana/extensions-installed").split("\n").length, 3);
  const asked = (ext: string) =>
    gallery.requests.filter((r) => r === `/api/${ext.replace(".", "/")}/latest`).length;
  assert.equal(asked("kalpana-test.hello"), 1);

  assert.equal((await alice("POST", `/api/workspaces/${id}/stop`)).status, 202);
  await waitFor(
    () => alice("GET", `/api/workspaces/${id}`),
    (r) => r.json.workspace?.status === "STOPPED",
    60_000,
  );
  assert.equal((await alice("POST", `/api/workspaces/${id}/start`)).status, 202);
  await waitRunning(alice, id);
  ide = await logged(id, /count-start: finished/);
  assert.equal(asked("kalpana-test.hello"), 1, "installed ones are not asked for again");
  assert.equal(asked("evil.ext"), 2, "a failed one is tried again");
  assert.ok(listExtensions(id).includes("kalpana-test.hello"), "kept in the home volume");
  assert.equal(inHome(id, "cat create-count"), "create in /workspace", "onCreate ran once");
  assert.equal(inHome(id, "cat start-count"), "start\nstart", "onStart at every start");
  assert.ok(!ide.lines.some((l) => /count-create/.test(l)), ide.lines.join(" | "));
});

test("bad setup input is a 400 naming the field; every sample format is accepted", {
  skip: !enabled,
  timeout: 200_000,
}, async () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ setup: { extensions: ["../../etc.passwd"] } }, /extension id/],
    [{ setup: { extensions: ["a.b; rm -rf /"] } }, /extension id/],
    [{ setup: { onCreate: [{ name: "x", command: "a\u0000b" }] } }, /NUL/],
    [{ setup: { onStart: [{ name: "bad name!", command: "true" }] } }, /hook name/],
    [{ setup: { ports: [70000] } }, /setup/],
    [{ setup: { extensions: [], unknown: 1 } }, /unknown|Unrecognized/i],
    [{ env: [{ name: "PATH", value: "/evil" }] }, /PATH|reserved/],
    [{ env: [{ name: "X", value: "a\u0000" }] }, /NUL/],
  ];
  for (const [extra, re] of bad) {
    const res = await alice("POST", "/api/workspaces", { name: "bad", template: "node", ...extra });
    assert.equal(res.status, 400, JSON.stringify(extra));
    assert.match(JSON.stringify(res.json.error), re, JSON.stringify(extra));
  }
  const samples: [string, ConfigSource][] = [
    ["idx-nextjs.dev.nix", "dev.nix"],
    ["idx-python-flask.dev.nix", "dev.nix"],
    ["python-compose.devcontainer.json", "devcontainer"],
    ["devshell.flake.nix", "flake"],
  ];
  for (const [file, source] of samples) {
    const c = sample(file, source);
    const name = file.replace(/\.(nix|json)$/, "").replace(/[^A-Za-z0-9-]/g, "-");
    const res = await alice("POST", "/api/workspaces", {
      name,
      nixConfig: c.nixConfig,
      nixConfigKind: c.nixConfigKind,
      setup: c.setup,
      env: c.env,
    });
    assert.equal(res.status, 201, `${file}: ${JSON.stringify(res.json)}`);
    const id = res.json.workspace.id;
    const vars = await alice("GET", `/api/workspaces/${id}/variables`);
    assert.deepEqual(
      vars.json.variables.map((v: { name: string }) => v.name).sort(),
      c.env.map((e) => e.name).sort(),
      file,
    );
    assert.equal((await alice("DELETE", `/api/workspaces/${id}`, { confirmName: name })).status, 200);
  }
});
