import assert from "node:assert/strict";
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { resolveInWorkspace } from "./confine";
import { BridgeError } from "./errors";

let base: string;
let root: string;
let outside: string;

before(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "kalpana-confine-")));
  root = path.join(base, "ws");
  outside = path.join(base, "outside");
  await mkdir(path.join(root, "src/deep"), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(root, "src/a.ts"), "a");
  await writeFile(path.join(outside, "secret.txt"), "s");
  await symlink(outside, path.join(root, "out-dir")); // absolute link leaving root
  await symlink("../outside/secret.txt", path.join(root, "out-file")); // relative link leaving root
  await symlink("src", path.join(root, "in-dir")); // link staying inside
  await symlink("src/a.ts", path.join(root, "in-file"));
  await symlink(path.join(outside, "new.txt"), path.join(root, "dangling-out")); // write would land outside
  await symlink("src/new.txt", path.join(root, "dangling-in"));
  await symlink("loop-b", path.join(root, "loop-a"));
  await symlink("loop-a", path.join(root, "loop-b"));
  await symlink("..", path.join(root, "src/up")); // points at root: fine
  await symlink("../..", path.join(root, "src/up2")); // points above root
  await symlink("/", path.join(root, "slash"));
  await symlink(path.join(root, "out-dir"), path.join(root, "chain")); // link to a link that leaves
});
after(() => rm(base, { recursive: true, force: true }));

type Case = [
  name: string,
  input: () => string,
  expect: string,
  opts?: { forWrite?: boolean; followFinal?: boolean },
];
const cases: Case[] = [
  ["plain file", () => "src/a.ts", "src/a.ts"],
  ["root as dot", () => ".", "."],
  ["root as empty string", () => "", "."],
  ["trailing slash", () => "src/", "src"],
  ["dot segments inside", () => "./src/./deep/../a.ts", "src/a.ts"],
  ["missing file (write target)", () => "src/new/file.ts", "src/new/file.ts", { forWrite: true }],
  ["absolute inside", () => path.join(root, "src/a.ts"), "src/a.ts"],
  ["dotdot escape", () => "../outside/secret.txt", "EOUTSIDE"],
  ["dotdot escape deep", () => "src/deep/../../../outside", "EOUTSIDE"],
  ["dotdot through missing dirs", () => "nope/../../outside", "EOUTSIDE"],
  // A `..` that climbs back out of missing names lands on real folders: their links count again.
  ["missing, dotdot, then an outward link", () => "nope/../out-dir/secret.txt", "EOUTSIDE"],
  ["deep missing, dotdots, outward link", () => "a/b/c/../../../out-file", "EOUTSIDE"],
  ["missing under file, dotdots, outward link", () => "src/a.ts/x/../../../chain/s", "EOUTSIDE"],
  ["missing, dotdot, inward link", () => "nope/../in-dir/a.ts", "src/a.ts"],
  ["missing, dotdot, write via outward dangling", () => "n/../dangling-out", "EOUTSIDE", { forWrite: true }],
  ["missing inside missing stays lexical", () => "n/m/../k.txt", "n/k.txt", { forWrite: true }],
  ["absolute outside", () => "/etc/passwd", "EOUTSIDE"],
  ["absolute sibling with root prefix", () => `${root}-evil/x`, "EOUTSIDE"],
  ["absolute outside via sibling", () => path.join(outside, "secret.txt"), "EOUTSIDE"],
  ["symlinked dir leaving root", () => "out-dir/secret.txt", "EOUTSIDE"],
  [
    "symlinked parent leaving root, missing child",
    () => "out-dir/sub/new.txt",
    "EOUTSIDE",
    { forWrite: true },
  ],
  ["relative symlink file leaving root", () => "out-file", "EOUTSIDE"],
  ["write through outward symlink", () => "out-file", "EOUTSIDE", { forWrite: true }],
  ["write through dangling outward symlink", () => "dangling-out", "EOUTSIDE", { forWrite: true }],
  ["dangling inward symlink resolves to target", () => "dangling-in", "src/new.txt", { forWrite: true }],
  ["link chain leaving root", () => "chain/secret.txt", "EOUTSIDE"],
  ["symlink to / ", () => "slash/etc/passwd", "EOUTSIDE"],
  ["inward dir link", () => "in-dir/a.ts", "src/a.ts"],
  ["inward file link", () => "in-file", "src/a.ts"],
  ["link to root then file", () => "src/up/src/a.ts", "src/a.ts"],
  ["link above root", () => "src/up2/outside/secret.txt", "EOUTSIDE"],
  ["dotdot after inward link uses real parent", () => "in-dir/deep/../a.ts", "src/a.ts"],
  ["symlink loop", () => "loop-a/x", "EINVAL"],
  ["NUL byte", () => "src/a.ts\0.png", "EINVAL"],
  ["over-long path", () => "a/".repeat(3000), "EINVAL"],
  ["over-long component", () => "x".repeat(300), "EINVAL"],
  ["write to root refused", () => ".", "EINVAL", { forWrite: true }],
  [
    "delete the link itself, not its outside target",
    () => "out-dir",
    "out-dir",
    { forWrite: true, followFinal: false },
  ],
  ["nofollow still checks the parent", () => "out-dir/secret.txt", "EOUTSIDE", { followFinal: false }],
  ["nofollow dotdot tail escapes", () => "src/../..", "EOUTSIDE", { followFinal: false }],
];

for (const [name, input, expect, opts] of cases) {
  test(`confine: ${name}`, async () => {
    const run = () => resolveInWorkspace(root, input(), opts);
    if (/^E[A-Z]+$/.test(expect)) {
      await assert.rejects(run, (e: unknown) => e instanceof BridgeError && e.code === expect);
    } else {
      const r = await run();
      assert.equal(r.rel, expect);
      assert.equal(r.abs, expect === "." ? root : path.join(root, expect));
    }
  });
}
test("confine: at least 25 cases", () => assert.ok(cases.length >= 25));
