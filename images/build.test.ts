// Both images build through the build script; a second run is a no-op ("up to date").
import assert from "node:assert/strict";
import { test } from "node:test";
import { ensureImages, workspaceImageTag } from "./index";
import { imageExists } from "./lib/docker";
import { requireDocker } from "./test/docker.fixture";

test("base and workspace images build, then are up to date", async (t) => {
  if (!(await requireDocker(t))) return;
  const lines: string[] = [];
  const first = await ensureImages((l) => lines.push(l));
  for (const img of [first.base, first.workspace]) {
    const how = img.built ? `built in ${img.seconds.toFixed(1)} s` : "already up to date";
    t.diagnostic(`${img.tag}: ${img.sizeMiB} MiB, ${how}`);
    assert.ok(await imageExists(img.tag));
    assert.ok(await imageExists(img.tag.replace(/:.*/, ":latest")));
  }
  const again = await ensureImages((l) => lines.push(l));
  t.diagnostic(`cached run: ${again.seconds.toFixed(1)} s`);
  assert.equal(again.base.built, false);
  assert.equal(again.workspace.built, false);
  assert.equal(again.workspace.tag, first.workspace.tag);
  assert.ok(lines.some((l) => l.includes("up to date")));
  assert.equal(workspaceImageTag(), first.workspace.tag);
});
