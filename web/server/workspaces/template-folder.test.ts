// The team-template folder loader against real folders: good templates load with their files, every
// kind of bad one is skipped with a problem naming the file, and nothing outside the folder is read.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { readTemplateFolder } from "./template-folder";

const root = mkdtempSync(path.join(tmpdir(), "kalpana-team-tpl-"));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const dir = path.join(root, `d${n++}`);
  mkdirSync(dir);
  return dir;
};

const manifest = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Team ${id}`,
  description: "A team template",
  icon: "box",
  tools: [{ name: "jq", command: "jq --version" }],
  previewPorts: [8000],
  extensions: [],
  ...extra,
});
const FLAKE = "{ outputs = { self }: { }; }\n";

function put(dir: string, id: string, files: Record<string, string>) {
  mkdirSync(path.join(dir, id), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, id, name), content);
}
const good = (id: string) => ({ "template.json": JSON.stringify(manifest(id)), "flake.nix": FLAKE });
const builtins = new Set(["node", "python"]);

test("a valid folder template loads with its manifest and env files", () => {
  const dir = fresh();
  put(dir, "team-a", { ...good("team-a"), "flake.lock": '{"nodes":{}}' });
  put(dir, "team-b", good("team-b"));
  const { templates, problems } = readTemplateFolder(dir, builtins);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    templates.map((t) => t.id),
    ["team-a", "team-b"],
  );
  assert.deepEqual(templates[0]?.files, { "flake.nix": FLAKE, "flake.lock": '{"nodes":{}}' });
  assert.deepEqual(templates[1]?.files, { "flake.nix": FLAKE });
  assert.equal(templates[0]?.name, "Team team-a");
});

test("each bad template is skipped with the file and the problem; the good one still loads", () => {
  const dir = fresh();
  put(dir, "ok", good("ok"));
  put(dir, "badjson", { "template.json": "{ not json", "flake.nix": FLAKE });
  put(dir, "badschema", {
    "template.json": JSON.stringify({ id: "badschema", name: "" }),
    "flake.nix": FLAKE,
  });
  put(dir, "noflake", { "template.json": JSON.stringify(manifest("noflake")) });
  put(dir, "nomanifest", { "flake.nix": FLAKE });
  put(dir, "wrongid", { "template.json": JSON.stringify(manifest("other")), "flake.nix": FLAKE });
  put(dir, "Upper_Case", good("Upper_Case"));
  writeFileSync(path.join(dir, "stray-file"), "not a folder");
  mkdirSync(path.join(dir, ".git"));
  const { templates, problems } = readTemplateFolder(dir, builtins);
  assert.deepEqual(
    templates.map((t) => t.id),
    ["ok"],
  );
  const by = (name: string) => problems.find((p) => p.file.split(path.sep).includes(name));
  assert.match(by("badjson")?.file ?? "", /badjson\/template\.json$/);
  assert.match(by("badjson")?.problem ?? "", /invalid JSON/);
  assert.match(by("badschema")?.file ?? "", /badschema\/template\.json$/);
  assert.match(by("badschema")?.problem ?? "", /name/);
  assert.match(by("noflake")?.file ?? "", /noflake\/flake\.nix$/);
  assert.equal(by("noflake")?.problem, "missing");
  assert.match(by("nomanifest")?.file ?? "", /nomanifest\/template\.json$/);
  assert.match(by("wrongid")?.problem ?? "", /must equal the folder name/);
  assert.match(by("Upper_Case")?.problem ?? "", /a-z, 0-9 and -/);
  assert.match(by("stray-file")?.problem ?? "", /not a folder/);
  assert.equal(by(".git"), undefined, "dot folders are ignored silently");
  assert.equal(problems.length, 7);
});

test("oversize: the template's files together are capped at 64 KiB", () => {
  const dir = fresh();
  const pad = (bytes: number) => `# ${"x".repeat(bytes)}\n${FLAKE}`;
  const json = JSON.stringify(manifest("fits"));
  // Exactly at the limit loads; one byte more is refused, also when the bytes are in flake.lock.
  const atLimit = 64 * 1024 - Buffer.byteLength(json) - Buffer.byteLength(pad(0));
  put(dir, "fits", { "template.json": json, "flake.nix": pad(atLimit) });
  put(dir, "big", { "template.json": JSON.stringify(manifest("big")), "flake.nix": pad(64 * 1024) });
  put(dir, "biglock", {
    "template.json": JSON.stringify(manifest("biglock")),
    "flake.nix": FLAKE,
    "flake.lock": "x".repeat(64 * 1024 - 100),
  });
  const { templates, problems } = readTemplateFolder(dir, builtins);
  assert.deepEqual(
    templates.map((t) => t.id),
    ["fits"],
  );
  assert.equal(Object.values(templates[0]?.files ?? {}).join("").length + json.length, 64 * 1024);
  assert.deepEqual(
    problems.map((p) => [path.relative(dir, p.file), /too large.*65536 bytes/.test(p.problem)]),
    [
      ["big/flake.nix", true],
      ["biglock/flake.lock", true],
    ],
  );
});

test("symlinks are not followed: neither a linked folder nor linked files out of the folder", () => {
  const outside = fresh();
  writeFileSync(path.join(outside, "secret"), "SECRET-OUTSIDE-THE-FOLDER");
  put(outside, "elsewhere", good("elsewhere"));
  const dir = fresh();
  symlinkSync(path.join(outside, "elsewhere"), path.join(dir, "elsewhere"));
  put(dir, "linkflake", { "template.json": JSON.stringify(manifest("linkflake")) });
  symlinkSync(path.join(outside, "secret"), path.join(dir, "linkflake", "flake.nix"));
  put(dir, "linklock", good("linklock"));
  symlinkSync(path.join(outside, "secret"), path.join(dir, "linklock", "flake.lock"));
  put(dir, "linkjson", { "flake.nix": FLAKE });
  symlinkSync(path.join(outside, "elsewhere", "template.json"), path.join(dir, "linkjson", "template.json"));
  // A FIFO would block a plain read forever; it is refused as not a regular file.
  put(dir, "fifo", { "template.json": JSON.stringify(manifest("fifo")) });
  execFileSync("mkfifo", [path.join(dir, "fifo", "flake.nix")]);
  const { templates, problems } = readTemplateFolder(dir, builtins);
  assert.deepEqual(templates, []);
  const text = JSON.stringify({ templates, problems });
  assert.doesNotMatch(text, /SECRET-OUTSIDE/);
  const rel = problems.map((p) => [path.relative(dir, p.file), p.problem]);
  assert.deepEqual(
    rel.filter(([, p]) => /symlink/.test(p ?? "")).map(([f]) => f),
    ["elsewhere", "linkflake/flake.nix", "linkjson/template.json", "linklock/flake.lock"],
  );
  assert.deepEqual(
    rel.find(([f]) => f === "fifo/flake.nix"),
    ["fifo/flake.nix", "is not a regular file"],
  );
  assert.equal(problems.length, 5);
});

test("an id a built-in has is refused, with a log-able reason; others load", () => {
  const dir = fresh();
  put(dir, "node", good("node"));
  put(dir, "node-team", good("node-team"));
  const { templates, problems } = readTemplateFolder(dir, builtins);
  assert.deepEqual(
    templates.map((t) => t.id),
    ["node-team"],
  );
  assert.equal(problems.length, 1);
  assert.match(problems[0]?.file ?? "", /\/node$/);
  assert.match(problems[0]?.problem ?? "", /built-in/);
});

test("a missing folder is one problem, not a crash; a folder added later shows up on the next read", () => {
  const dir = path.join(root, "later");
  const missing = readTemplateFolder(dir, builtins);
  assert.deepEqual(missing.templates, []);
  assert.match(missing.problems[0]?.problem ?? "", /cannot list \(ENOENT\)/);
  mkdirSync(dir);
  assert.deepEqual(readTemplateFolder(dir, builtins), { templates: [], problems: [] });
  put(dir, "new-one", good("new-one"));
  assert.deepEqual(
    readTemplateFolder(dir, builtins).templates.map((t) => t.id),
    ["new-one"],
  );
});
