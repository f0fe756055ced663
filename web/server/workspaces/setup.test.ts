// A new workspace's setup: the template's extensions first, then the repository's (no duplicates,
// whatever their case or version), invalid ids dropped, and no setup at all when nothing is in it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { listTemplates } from "../../../nix/index";
import { EXTENSION_ID_PATTERN } from "../../contract/portable-config";
import { initialSetup, mergeExtensions } from "./setup";

/** A built-in template's extensions (what templates.ts templateExtensions answers for it). */
const extensionsOf = (id: string) => listTemplates().find((t) => t.id === id)?.extensions ?? [];

test("merges extensions without duplicates and drops invalid ids", () => {
  assert.deepEqual(mergeExtensions(["golang.go", "bad id", "a.b"], ["Golang.Go@1.2.3", "c.d", "../x.y"]), [
    "golang.go",
    "a.b",
    "c.d",
  ]);
  assert.equal(mergeExtensions(Array.from({ length: 80 }, (_, i) => `p.e${i}`)).length, 50);
});

test("the template's extensions and the repository's hooks end up in one setup", () => {
  const s = initialSetup(extensionsOf("go"), {
    onCreate: [{ name: "deps", command: "go mod download" }],
    onStart: [],
    ports: [8080],
    extensions: ["GOLANG.go", "redhat.vscode-yaml"],
  });
  assert.deepEqual(s?.extensions, ["golang.go", "redhat.vscode-yaml"]);
  assert.deepEqual(s?.onCreate, [{ name: "deps", command: "go mod download" }]);
  assert.deepEqual(s?.ports, [8080]);
  assert.deepEqual(initialSetup(extensionsOf("node"))?.extensions, [
    "dbaeumer.vscode-eslint",
    "esbenp.prettier-vscode",
  ]);
  assert.equal(initialSetup([]), null, "a custom config without a setup stores none");
  assert.equal(initialSetup([], { onCreate: [], onStart: [], ports: [], extensions: [] }), null);
});

test("every built-in template's extensions are ids the gallery client accepts", async () => {
  for (const t of listTemplates())
    for (const id of t.extensions) assert.match(id, EXTENSION_ID_PATTERN, `${t.id}: ${id}`);
});
