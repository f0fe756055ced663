// Team templates made by administrators, through the real routes: only an administrator can list,
// create, update or archive them (everyone else gets the admin API's 404 and changes nothing); the
// flake and the details are validated; ids cannot collide with built-in, folder or reserved ones;
// an update adds an immutable version; every change is audited. A workspace made from one records
// the version, its start writes exactly that version's flake, and it moves to a newer one only on
// request (the next start writes the new flake).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { callRoute, installFakeRuntime, setupAppEnv, signUp } from "../http/routes.fixture";
import type { RuntimeFile } from "../runtime/index";

const teamDir = mkdtempSync(path.join(tmpdir(), "kalpana-admin-tpl-"));
const put: { id: string; files: RuntimeFile[] }[] = [];
let env: { cleanup: () => void };
let db: typeof import("../db/client");
const who = { admin: "", eve: "", mallory: "" };
let adminId = "";

const flake = (marker: string) =>
  `# ${marker}\n{\n  outputs = { self, nixpkgs }: {\n    devShells.x86_64-linux.default = nixpkgs.legacyPackages.x86_64-linux.mkShell { };\n  };\n}\n`;
const V1 = flake("data v1");
const V2 = flake("data v2");
const input = (over: Record<string, unknown> = {}) => ({
  id: "data",
  name: "Data tools",
  description: "jq and friends",
  icon: "📊",
  memoryMb: 768,
  extensions: ["redhat.vscode-yaml"],
  flake: V1,
  ...over,
});
// biome-ignore lint/suspicious/noExplicitAny: the tests read JSON bodies of several shapes
type Res = { status: number; body: any };
const call = async (
  route: string,
  method: "GET" | "POST" | "PUT",
  cookie: string | undefined,
  opts: { params?: Record<string, string>; body?: unknown } = {},
): Promise<Res> => {
  const res = await callRoute(route, method, { cookie, ...opts });
  return { status: res.status, body: await res.json() };
};
const auditActions = async () =>
  (await db.db().auditEvent.findMany({ where: { userId: adminId }, orderBy: { createdAt: "asc" } }))
    .filter((e) => e.action.startsWith("admin.template-"))
    .map((e) => `${e.action} ${e.summary}`);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const envFlake = (files: RuntimeFile[]) => files.find((f) => f.path === "/home/coder/.kalpana/env/flake.nix");

before(async () => {
  mkdirSync(path.join(teamDir, "folder-one"));
  writeFileSync(
    path.join(teamDir, "folder-one", "template.json"),
    JSON.stringify({
      id: "folder-one",
      name: "Folder",
      description: "from the folder",
      icon: "box",
      tools: [{ name: "jq", command: "jq --version" }],
      previewPorts: [],
      extensions: [],
    }),
  );
  writeFileSync(path.join(teamDir, "folder-one", "flake.nix"), flake("folder"));
  env = await setupAppEnv({ KALPANA_TEMPLATES_DIR: teamDir, KALPANA_RATE_CREATE_PER_MIN: "1000" });
  installFakeRuntime(() => null, {
    putFiles: async (id: string, files: RuntimeFile[]) => void put.push({ id, files }),
  });
  db = await import("../db/client");
  // The first account is the built-in administrator.
  const a = await signUp("admin@example.com");
  who.admin = a.cookie;
  adminId = a.userId;
  who.eve = (await signUp("eve@example.com")).cookie;
  who.mallory = (await signUp("mallory@example.com")).cookie;
});

after(async () => {
  await db?.db().$disconnect();
  env?.cleanup();
  rmSync(teamDir, { recursive: true, force: true });
});

test("a normal account and a signed-out visitor get 404 from every template admin route and change nothing", async () => {
  for (const cookie of [undefined, who.eve]) {
    const probes: [string, "GET" | "POST" | "PUT", Record<string, string>][] = [
      ["admin/templates", "GET", {}],
      ["admin/templates", "POST", {}],
      ["admin/templates/[id]", "GET", { id: "data" }],
      ["admin/templates/[id]", "PUT", { id: "data" }],
      ["admin/templates/[id]/archive", "POST", { id: "data" }],
      ["admin/templates/[id]/versions/[version]", "GET", { id: "data", version: "1" }],
    ];
    for (const [route, method, params] of probes) {
      const r = await call(route, method, cookie, { params, body: method === "GET" ? undefined : input() });
      assert.equal(r.status, 404, `${method} ${route}`);
      assert.deepEqual(r.body, { error: { code: "not_found", message: "Not found" } });
    }
  }
  assert.equal(await db.db().template.count(), 0, "eve's POST created nothing");
});

test("bad flakes and details get 400 with a message naming the field; nothing is stored", async () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ flake: "{ outputs = _: { packages = {}; }; }" }, /^flake: flake\.nix declares no devShells/],
    [{ flake: "{ outputs = _: { devShells = {\n}; }" }, /^flake: "\{" opened on line 1 is never closed/],
    [{ flake: `${V1}#${"x".repeat(65 * 1024)}` }, /^flake: flake\.nix is larger than 64 KiB/],
    [{ flake: "" }, /^flake: flake\.nix is empty/],
    [{ id: "Data!" }, /^id: /],
    [{ extensions: ["$(rm -rf)"] }, /^extensions\.0: /],
    [{ cpus: 1000 }, /^cpus: /],
  ];
  for (const [over, want] of bad) {
    const r = await call("admin/templates", "POST", who.admin, { body: input(over) });
    assert.equal(r.status, 400, JSON.stringify(over).slice(0, 80));
    assert.equal(r.body.error.code, "invalid_argument");
    assert.match(r.body.error.message, want);
  }
  assert.equal(await db.db().template.count(), 0);
});

test("an administrator creates v1; everyone's create form lists it with its resources and version", async () => {
  const r = await call("admin/templates", "POST", who.admin, { body: input() });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.template.id, "data");
  assert.equal(r.body.template.currentVersion, 1);
  assert.equal(r.body.template.flake, V1);
  assert.deepEqual(r.body.template.extensions, ["redhat.vscode-yaml"]);
  assert.deepEqual(
    r.body.template.versions.map((v: { version: number }) => v.version),
    [1],
  );
  const listed = await call("templates", "GET", who.eve);
  const t = listed.body.templates.find((x: { id: string }) => x.id === "data");
  assert.deepEqual(
    { name: t.name, version: t.version, resources: t.resources },
    { name: "Data tools", version: 1, resources: { memoryMb: 768 } },
  );
  for (const id of ["python", "folder-one"])
    assert.ok(listed.body.templates.some((x: { id: string }) => x.id === id));
});

test("ids collide with nothing: built-in, folder, reserved and existing admin ids get 409", async () => {
  for (const id of ["node", "folder-one", "custom", "data"]) {
    const r = await call("admin/templates", "POST", who.admin, { body: input({ id, flake: V2 }) });
    assert.equal(r.status, 409, id);
    assert.equal(r.body.error.code, "conflict");
    assert.match(r.body.error.message, /^id: .* is already a template's id/);
  }
  const v = await call("admin/templates/[id]/versions/[version]", "GET", who.admin, {
    params: { id: "data", version: "1" },
  });
  assert.equal(v.body.version.flake, V1, "the collision did not touch the existing template");
  // A folder template added later under an admin template's id is skipped; the admin one stays.
  mkdirSync(path.join(teamDir, "data"));
  writeFileSync(
    path.join(teamDir, "data", "template.json"),
    JSON.stringify({
      id: "data",
      name: "TAKEOVER",
      description: "x",
      icon: "box",
      tools: [{ name: "a", command: "a" }],
      previewPorts: [],
      extensions: [],
    }),
  );
  writeFileSync(path.join(teamDir, "data", "flake.nix"), "# TAKEOVER");
  try {
    const listed = await call("templates", "GET", who.eve);
    const data = listed.body.templates.filter((x: { id: string }) => x.id === "data");
    assert.deepEqual(
      data.map((x: { name: string }) => x.name),
      ["Data tools"],
    );
  } finally {
    rmSync(path.join(teamDir, "data"), { recursive: true });
  }
});

let workspaceId = "";

test("a workspace made from an admin template records v1 and its start writes v1's flake", async () => {
  const r = await call("workspaces", "POST", who.eve, { body: { name: "numbers", template: "data" } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  workspaceId = r.body.workspace.id;
  assert.equal(r.body.workspace.templateVersion, 1);
  assert.equal(r.body.workspace.latestTemplateVersion, 1);
  assert.equal(r.body.workspace.memoryMb, 768, "the template's default resources apply");
  const started = await waitFor("the start's files", async () => put.find((p) => p.id === workspaceId));
  assert.equal(envFlake(started.files)?.content, V1);
  const row = await db.db().workspace.findUniqueOrThrow({ where: { id: workspaceId } });
  assert.deepEqual((row.setup as { extensions: string[] }).extensions, ["redhat.vscode-yaml"]);
  assert.equal(row.nixConfig, null, "the flake is the template's, not a copy as the workspace's own");
});

test("an update makes v2 (v1 stays readable); details-only updates keep the version; all audited", async () => {
  const r = await call("admin/templates/[id]", "PUT", who.admin, {
    params: { id: "data" },
    body: { ...input({ flake: V2, description: "jq, now with more" }), id: undefined },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.template.currentVersion, 2);
  assert.equal(r.body.template.flake, V2);
  assert.deepEqual(
    r.body.template.versions.map((v: { version: number }) => v.version),
    [2, 1],
  );
  const same = await call("admin/templates/[id]", "PUT", who.admin, {
    params: { id: "data" },
    body: { ...input({ flake: V2, name: "Data" }), id: undefined },
  });
  assert.equal(same.body.template.currentVersion, 2, "same flake: no new version");
  assert.equal(same.body.template.name, "Data");
  const bad = await call("admin/templates/[id]", "PUT", who.admin, {
    params: { id: "data" },
    body: { ...input({ flake: "{ }" }), id: undefined },
  });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /^flake: /);
  const missing = await call("admin/templates/[id]", "PUT", who.admin, {
    params: { id: "nope" },
    body: { ...input(), id: undefined },
  });
  assert.equal(missing.status, 404);
  for (const [version, flakeText] of [
    ["1", V1],
    ["2", V2],
  ] as const) {
    const v = await call("admin/templates/[id]/versions/[version]", "GET", who.admin, {
      params: { id: "data", version },
    });
    assert.equal(v.status, 200);
    assert.equal(v.body.version.flake, flakeText);
  }
  for (const version of ["3", "0", "1e3", "-1"]) {
    const v = await call("admin/templates/[id]/versions/[version]", "GET", who.admin, {
      params: { id: "data", version },
    });
    assert.equal(v.status, 404, version);
  }
  assert.deepEqual(await auditActions(), [
    `admin.template-create data v1 (${Buffer.byteLength(V1)} bytes of flake.nix)`,
    `admin.template-update data v2 (${Buffer.byteLength(V2)} bytes of flake.nix)`,
    "admin.template-update data: details only (still v2)",
  ]);
});

test("the workspace shows v1 · v2 available, moves only forward, and its next start writes v2", async () => {
  // The fake engine gives no endpoint: the first start ends in ERROR (nothing runs).
  await waitFor("the first start to end", async () => {
    const w = await call("workspaces/[id]", "GET", who.eve, { params: { id: workspaceId } });
    return w.body.workspace.status === "ERROR" ? w : undefined;
  });
  const w = await call("workspaces/[id]", "GET", who.eve, { params: { id: workspaceId } });
  assert.equal(w.body.workspace.templateVersion, 1);
  assert.equal(w.body.workspace.latestTemplateVersion, 2);
  const list = await call("workspaces", "GET", who.eve);
  assert.equal(list.body.workspaces[0].latestTemplateVersion, 2);

  const move = (cookie: string, version: unknown) =>
    call("workspaces/[id]/template-version", "POST", cookie, {
      params: { id: workspaceId },
      body: { version },
    });
  assert.equal((await move(who.mallory, 2)).status, 404, "someone else's workspace");
  for (const [version, status] of [
    [1, 400],
    [3, 400],
    ["2", 400],
  ] as const)
    assert.equal((await move(who.eve, version)).status, status, String(version));
  const moved = await move(who.eve, 2);
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.equal(moved.body.workspace.templateVersion, 2);
  assert.equal(moved.body.restartRequired, false, "not running: the next start applies it");
  assert.equal((await move(who.eve, 2)).status, 400, "already there");
  const trail = await db.db().auditEvent.findMany({
    where: { workspaceId, action: "workspace.template-version" },
  });
  assert.deepEqual(
    trail.map((e) => e.summary),
    ["numbers: data v1 → v2"],
  );

  const before = put.filter((p) => p.id === workspaceId).length;
  const start = await callRoute("workspaces/[id]/start", "POST", {
    cookie: who.eve,
    params: { id: workspaceId },
  });
  assert.ok(start.status < 300, await start.text());
  const second = await waitFor("the second start's files", async () => {
    const mine = put.filter((p) => p.id === workspaceId);
    return mine.length > before ? mine.at(-1) : undefined;
  });
  assert.equal(envFlake(second.files)?.content, V2);
});

test("a running workspace is told to restart; a built-in one has no versions", async () => {
  await db.db().workspace.update({ where: { id: workspaceId }, data: { status: "RUNNING" } });
  await call("admin/templates/[id]", "PUT", who.admin, {
    params: { id: "data" },
    body: { ...input({ flake: flake("data v3") }), id: undefined },
  });
  const moved = await call("workspaces/[id]/template-version", "POST", who.eve, {
    params: { id: workspaceId },
    body: { version: 3 },
  });
  assert.equal(moved.status, 200);
  assert.equal(moved.body.restartRequired, true);
  await db.db().workspace.update({ where: { id: workspaceId }, data: { status: "STOPPED" } });

  const node = await call("workspaces", "POST", who.eve, { body: { name: "plain", template: "node" } });
  assert.equal(node.body.workspace.templateVersion, null);
  assert.equal(node.body.workspace.latestTemplateVersion, null);
  const r = await call("workspaces/[id]/template-version", "POST", who.eve, {
    params: { id: node.body.workspace.id },
    body: { version: 2 },
  });
  assert.equal(r.status, 409);
  assert.match(r.body.error.message, /not made from an admin template/);
});

test("an archived template is not offered and cannot be used for new workspaces; old ones keep it", async () => {
  const r = await call("admin/templates/[id]/archive", "POST", who.admin, {
    params: { id: "data" },
    body: { archived: true },
  });
  assert.equal(r.status, 200);
  assert.ok(r.body.template.archivedAt);
  const listed = await call("templates", "GET", who.eve);
  assert.ok(!listed.body.templates.some((x: { id: string }) => x.id === "data"));
  const admins = await call("admin/templates", "GET", who.admin);
  assert.deepEqual(
    admins.body.templates.map((t: { id: string }) => t.id),
    ["data"],
    "the admin list still shows it",
  );
  const refused = await call("workspaces", "POST", who.eve, { body: { name: "late", template: "data" } });
  assert.equal(refused.status, 400);
  assert.match(refused.body.error.message, /unknown template "data"/);
  const { startFiles } = await import("../workspaces/nix-files");
  const { findWorkspace } = await import("../db/workspaces");
  const row = await findWorkspace(workspaceId);
  assert.ok(row);
  const { files } = await startFiles(row);
  assert.equal(envFlake(files)?.content, flake("data v3"), "the existing workspace still gets its version");
  assert.deepEqual((await auditActions()).slice(-1), ["admin.template-archive data"]);
});
