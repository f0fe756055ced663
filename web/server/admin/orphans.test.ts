// Orphan clean-up against the real Docker engine: a labelled container with its volumes and a
// lone volume whose workspace rows do not exist are removed; a workspace that has a row, another
// server's objects (other run label) and unlabelled containers are left alone.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { cleanupDocker, dockerAvailable, dockerCli, testRun } from "../../testing/docker.fixture";
import { callRoute, setupAppEnv, userWithWorkspace } from "../http/routes.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const run = testRun();
const other = testRun(); // another server sharing the engine
const IMAGE = "debian:bookworm-slim";
let env: { cleanup: () => void } | undefined;
let admin = "";
const id = (tag: string) => `orphan${tag}${randomBytes(4).toString("hex")}`;
const ids = { full: id("a"), lone: id("b"), owned: "", others: id("d"), plain: id("e") };

const labelArgs = (labels: string, workspaceId: string) =>
  [...labels.split(","), `kalpana.workspace=${workspaceId}`, "kalpana.owner=nobody"].flatMap((l) => [
    "--label",
    l,
  ]);
const container = (workspaceId: string, labels: string | null) =>
  dockerCli(
    "create",
    "--name",
    `kalpana-ws-${workspaceId}`,
    ...(labels ? labelArgs(labels, workspaceId) : ["--label", `kalpana.testrun=${run.id}`]),
    IMAGE,
    "true",
  );
const volume = (workspaceId: string, kind: string, labels: string) =>
  dockerCli("volume", "create", ...labelArgs(labels, workspaceId), `kalpana-${workspaceId}-${kind}`);
const exists = (...args: string[]) => {
  try {
    dockerCli(...args);
    return true;
  } catch {
    return false;
  }
};

before(async () => {
  if (!enabled) return;
  env = await setupAppEnv({ KALPANA_EXTRA_LABELS: run.labels });
  admin = (await userWithWorkspace("admin", "x".repeat(40))).cookie; // the first account
  const { db } = await import("../db/client");
  ids.owned = (await db().workspace.findFirstOrThrow({})).id;
  container(ids.full, run.labels);
  for (const kind of ["workspace", "home", "nix"]) volume(ids.full, kind, run.labels);
  volume(ids.lone, "workspace", run.labels);
  container(ids.owned, run.labels);
  volume(ids.owned, "workspace", run.labels);
  container(ids.others, other.labels);
  volume(ids.others, "workspace", other.labels);
  container(ids.plain, null); // not labelled as a workspace at all
});

after(async () => {
  if (!enabled) return;
  cleanupDocker(run.id);
  cleanupDocker(other.id);
  await (await import("../db/client")).db().$disconnect();
  env?.cleanup();
});

test("orphan clean-up removes labelled leftovers without a row and nothing else", {
  skip: !enabled,
}, async () => {
  const listed = await callRoute("admin/orphans", "GET", { cookie: admin });
  assert.equal(listed.status, 200);
  const { orphans } = (await listed.json()) as {
    orphans: { workspaceId: string; container: { state: string } | null; volumes: string[] }[];
  };
  assert.deepEqual(
    orphans.map((o) => o.workspaceId).sort(),
    [ids.full, ids.lone].sort(),
    "only this server's labelled objects without a row",
  );
  const full = orphans.find((o) => o.workspaceId === ids.full);
  assert.equal(full?.container?.state, "created");
  assert.equal(full?.volumes.length, 3);
  assert.deepEqual(orphans.find((o) => o.workspaceId === ids.lone)?.volumes, [
    `kalpana-${ids.lone}-workspace`,
  ]);

  const cleaned = await callRoute("admin/orphans", "DELETE", { cookie: admin });
  assert.equal(cleaned.status, 200);
  assert.deepEqual(
    ((await cleaned.json()) as { removed: string[] }).removed.sort(),
    [ids.full, ids.lone].sort(),
  );

  assert.equal(exists("inspect", `kalpana-ws-${ids.full}`), false);
  for (const kind of ["workspace", "home", "nix"])
    assert.equal(exists("volume", "inspect", `kalpana-${ids.full}-${kind}`), false, kind);
  assert.equal(exists("volume", "inspect", `kalpana-${ids.lone}-workspace`), false);
  // Left alone: a workspace with a row, another server's objects, an unlabelled container.
  assert.equal(exists("inspect", `kalpana-ws-${ids.owned}`), true);
  assert.equal(exists("volume", "inspect", `kalpana-${ids.owned}-workspace`), true);
  assert.equal(exists("inspect", `kalpana-ws-${ids.others}`), true);
  assert.equal(exists("volume", "inspect", `kalpana-${ids.others}-workspace`), true);
  assert.equal(exists("inspect", `kalpana-ws-${ids.plain}`), true);

  const again = await callRoute("admin/orphans", "GET", { cookie: admin });
  assert.deepEqual(((await again.json()) as { orphans: unknown[] }).orphans, []);
  const audit = await import("../db/client").then(({ db }) =>
    db().auditEvent.findFirstOrThrow({ where: { action: "admin.orphans-clean" } }),
  );
  assert.match(audit.summary, new RegExp(ids.full));
});
