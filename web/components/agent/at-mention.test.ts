import assert from "node:assert/strict";
import { test } from "node:test";
import { atChoices, atQuery } from "./at-mention";

test('"@" at a word start opens the picker with what follows it; an e-mail address does not', () => {
  assert.deepEqual(atQuery("look at @src/ap", 15), { start: 8, query: "src/ap" });
  assert.deepEqual(atQuery("@", 1), { start: 0, query: "" });
  assert.equal(atQuery("mail me@x.org", 13), null);
  assert.equal(atQuery("@done and more", 14), null, "the caret left the @ word");
});

test("choices: matching open files first, then the typed path", () => {
  const open = ["src/app.ts", "src/lib/util.ts", "README.md"];
  assert.deepEqual(atChoices(open, ""), open);
  assert.deepEqual(atChoices(open, "SRC"), ["src/app.ts", "src/lib/util.ts", "SRC"]);
  assert.deepEqual(atChoices(open, "README.md"), ["README.md"]);
});
