// The shared Nix store's pure parts: what a generation's key depends on (and what it must not), and
// the paths that may go into overlay options. The mechanism itself: workspaces/shared-nix.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { generationKey, nixUpperVolume, nixWorkVolume, safeDir } from "./nix-store";

const files = [
  { name: "flake.nix", content: "{ outputs = _: { }; }" },
  { name: "flake.lock", content: "{}" },
];
const base = generationKey("kalpana/workspace:abc", { KALPANA_NIX_STUB: "1" }, files, {
  "kalpana.test": "1",
});

test("the key changes with everything that decides the generation's content, and its owner", () => {
  const variants: [string, string][] = [
    [
      "image",
      generationKey("kalpana/workspace:abd", { KALPANA_NIX_STUB: "1" }, files, { "kalpana.test": "1" }),
    ],
    ["stub off", generationKey("kalpana/workspace:abc", {}, files, { "kalpana.test": "1" })],
    [
      "offline",
      generationKey("kalpana/workspace:abc", { KALPANA_NIX_STUB: "1", KALPANA_NIX_OFFLINE: "1" }, files, {
        "kalpana.test": "1",
      }),
    ],
    [
      "content",
      generationKey(
        "kalpana/workspace:abc",
        { KALPANA_NIX_STUB: "1" },
        [{ ...files[0]!, content: "{ outputs = _: { x = 1; }; }" }, files[1]!],
        { "kalpana.test": "1" },
      ),
    ],
    [
      "name",
      generationKey(
        "kalpana/workspace:abc",
        { KALPANA_NIX_STUB: "1" },
        [{ ...files[0]!, name: "shell.nix" }, files[1]!],
        { "kalpana.test": "1" },
      ),
    ],
    [
      "labels",
      generationKey("kalpana/workspace:abc", { KALPANA_NIX_STUB: "1" }, files, { "kalpana.test": "2" }),
    ],
    // A boundary moved between name and content must not collide.
    [
      "boundary",
      generationKey(
        "kalpana/workspace:abc",
        { KALPANA_NIX_STUB: "1" },
        [{ name: "flake.nix{", content: " outputs = _: { }; }" }, files[1]!],
        { "kalpana.test": "1" },
      ),
    ],
  ];
  for (const [what, key] of variants) assert.notEqual(key, base, what);
  assert.match(base, /^[0-9a-f]{32}$/);
});

test("the key ignores file and label order and the env beyond the Nix mode", () => {
  const same = generationKey(
    "kalpana/workspace:abc",
    { KALPANA_NIX_STUB: "1", KALPANA_IDE_BASE_PATH: "/w/x/ide" },
    [...files].reverse(),
    { "kalpana.test": "1" },
  );
  assert.equal(same, base);
  const a = generationKey("i", {}, files, { a: "1", b: "2" });
  assert.equal(generationKey("i", {}, files, { b: "2", a: "1" }), a);
});

test("overlay option paths: absolute, without the option syntax's , : = or spaces", () => {
  assert.equal(
    safeDir("/var/lib/docker/volumes/kalpana-nixgen-0a/_data"),
    "/var/lib/docker/volumes/kalpana-nixgen-0a/_data",
  );
  for (const bad of ["relative/_data", "/a,upperdir=/etc", "/a:b", "/a=b", "/a b", "/a\nb"])
    assert.throws(() => safeDir(bad), /unusable path/, bad);
  assert.equal(nixUpperVolume("w1"), "kalpana-w1-nix-upper");
  assert.equal(nixWorkVolume("w1"), "kalpana-w1-nix-work");
});
