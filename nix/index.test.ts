import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { listTemplates, NIX_DIR, templateFiles, templateSchema } from "./index";

const EXPECTED = ["fullstack", "go", "node", "python", "rust"];

test("every template.json parses and has a flake.nix", () => {
  const templates = listTemplates();
  assert.deepEqual(
    templates.map((t) => t.id),
    EXPECTED,
  );
  for (const t of templates) {
    assert.ok(existsSync(path.join(t.dir, "flake.nix")), t.id);
    assert.ok(
      templateSchema.safeParse(JSON.parse(readFileSync(path.join(t.dir, "template.json"), "utf8"))).success,
    );
    assert.ok(t.tools.length > 0, `${t.id} lists tools`);
  }
});

test("template flakes follow the house shape", () => {
  for (const t of listTemplates()) {
    const flake = readFileSync(path.join(t.dir, "flake.nix"), "utf8");
    assert.match(flake, /nixpkgs\.url = "github:NixOS\/nixpkgs\/nixos-24\.11"/, t.id);
    assert.match(flake, /"x86_64-linux"/, t.id);
    assert.match(flake, /"aarch64-linux"/, t.id);
    assert.match(flake, /pkgs\.mkShell/, t.id);
    assert.doesNotMatch(flake, /flake-utils/, t.id);
    assert.equal(templateFiles(t)["flake.nix"], flake, `${t.id}: templateFiles carries flake.nix`);
  }
});

test("every package a template uses exists in the stub", () => {
  const stub = readFileSync(path.join(NIX_DIR, "stub", "default.nix"), "utf8");
  for (const t of listTemplates()) {
    const flake = readFileSync(path.join(t.dir, "flake.nix"), "utf8");
    const list = /packages = with pkgs; \[([^\]]*)\]/.exec(flake)?.[1] ?? "";
    for (const attr of list.split(/\s+/).filter(Boolean)) {
      assert.match(stub, new RegExp(`^  ${attr} = `, "m"), `${t.id}: stub lacks ${attr}`);
    }
  }
});

test("invalid templates are rejected with the file name", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "kalpana-nix-"));
  mkdirSync(path.join(dir, "bad"));
  writeFileSync(path.join(dir, "bad", "flake.nix"), "{}");
  writeFileSync(path.join(dir, "bad", "template.json"), JSON.stringify({ id: "bad", name: "" }));
  assert.throws(() => listTemplates(dir), /bad\/template\.json/);
  writeFileSync(
    path.join(dir, "bad", "template.json"),
    JSON.stringify({
      id: "other",
      name: "x",
      description: "x",
      icon: "x",
      tools: [{ name: "x", command: "x" }],
      previewPorts: [],
      extensions: [],
    }),
  );
  assert.throws(() => listTemplates(dir), /id must equal the folder name/);
});
