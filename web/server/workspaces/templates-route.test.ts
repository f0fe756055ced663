// Team templates through the real routes: GET /api/templates lists KALPANA_TEMPLATES_DIR's valid
// templates beside the built-ins (a bad one is logged once and left out, a built-in id cannot be
// taken over, a folder added while the server runs shows up on the next request), and a workspace
// created from one gets that template's flake.nix in its env folder at start.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { callRoute, installFakeRuntime, setupAppEnv, signUp } from "../http/routes.fixture";
import { captureLogs } from "../log/capture.fixture";
import type { RuntimeFile } from "../runtime/index";

const teamDir = mkdtempSync(path.join(tmpdir(), "kalpana-team-route-"));
const logs = captureLogs<{ msg: string; component?: string }>();
const put: { id: string; files: RuntimeFile[] }[] = [];
let env: { cleanup: () => void };
let db: typeof import("../db/client");

const manifest = (id: string, description = "A team template") => ({
  id,
  name: `Team ${id}`,
  description,
  icon: "box",
  tools: [{ name: "jq", command: "jq --version" }],
  previewPorts: [8000],
  extensions: [],
  resources: { memoryMb: 512 },
});
function addTemplate(id: string, files: Record<string, string>) {
  mkdirSync(path.join(teamDir, id), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(teamDir, id, name), content);
}
const TEAM_FLAKE = "# team flake marker\n{ outputs = { self }: { }; }\n";

before(async () => {
  addTemplate("team-data", {
    "template.json": JSON.stringify(manifest("team-data")),
    "flake.nix": TEAM_FLAKE,
  });
  addTemplate("broken", { "template.json": "{ nope", "flake.nix": TEAM_FLAKE });
  addTemplate("node", {
    "template.json": JSON.stringify(manifest("node", "TAKEOVER")),
    "flake.nix": "# TAKEOVER\n{}",
  });
  env = await setupAppEnv({ KALPANA_TEMPLATES_DIR: teamDir, KALPANA_RATE_CREATE_PER_MIN: "1000" });
  installFakeRuntime(() => null, {
    putFiles: async (id: string, files: RuntimeFile[]) => {
      put.push({ id, files });
    },
  });
  db = await import("../db/client");
});

after(async () => {
  await db?.db().$disconnect();
  env?.cleanup();
  rmSync(teamDir, { recursive: true, force: true });
});

type Listed = { templates: { id: string; description: string; resources?: { memoryMb?: number } }[] };

test("GET /api/templates: built-ins plus the folder's valid templates; bad ones logged once", async () => {
  assert.equal((await callRoute("templates", "GET")).status, 401);
  const { cookie } = await signUp("team@example.com");
  const res = await callRoute("templates", "GET", { cookie });
  assert.equal(res.status, 200);
  const { templates } = (await res.json()) as Listed;
  const ids = templates.map((t) => t.id);
  assert.ok(ids.includes("python"), "built-ins still listed");
  assert.ok(ids.includes("team-data"));
  assert.ok(!ids.includes("broken"));
  assert.equal(ids.filter((i) => i === "node").length, 1);
  assert.notEqual(templates.find((t) => t.id === "node")?.description, "TAKEOVER", "the built-in node wins");
  assert.equal(templates.find((t) => t.id === "team-data")?.resources?.memoryMb, 512);

  const skipped = () => logs.filter((l) => l.component === "templates").map((l) => l.msg);
  assert.equal(skipped().filter((m) => /broken\/template\.json: invalid JSON/.test(m)).length, 1);
  assert.equal(skipped().filter((m) => /\/node: id "node" is a built-in/.test(m)).length, 1);
  // Asked again: the same problems are not logged again.
  await callRoute("templates", "GET", { cookie });
  assert.equal(skipped().length, 2, skipped().join("\n"));

  // Added while running: the next request lists it, no restart.
  addTemplate("added-later", {
    "template.json": JSON.stringify(manifest("added-later")),
    "flake.nix": TEAM_FLAKE,
  });
  const again = (await (await callRoute("templates", "GET", { cookie })).json()) as Listed;
  assert.ok(again.templates.some((t) => t.id === "added-later"));
});

test("a workspace created from a folder template gets its flake.nix at start", async () => {
  const { cookie } = await signUp("maker@example.com");
  const res = await callRoute("workspaces", "POST", {
    cookie,
    body: { name: "team", template: "team-data" },
  });
  assert.equal(res.status, 201, await res.clone().text());
  const { workspace } = (await res.json()) as {
    workspace: { id: string; template: string; memoryMb: number };
  };
  assert.equal(workspace.template, "team-data");
  assert.equal(workspace.memoryMb, 512, "the template's default resources apply");
  const deadline = Date.now() + 10_000;
  while (!put.some((p) => p.id === workspace.id) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const files = put.find((p) => p.id === workspace.id)?.files ?? [];
  const flake = files.find((f) => f.path === "/home/coder/.kalpana/env/flake.nix");
  assert.equal(flake?.content, TEAM_FLAKE);

  const refused = await callRoute("workspaces", "POST", { cookie, body: { name: "b", template: "broken" } });
  assert.equal(refused.status, 400);
  const body = (await refused.json()) as { error: { message: string } };
  assert.match(body.error.message, /unknown template "broken"/);
});
