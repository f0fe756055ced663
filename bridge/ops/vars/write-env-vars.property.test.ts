// The variables file is shell code built from values the person typed: bash itself must read every
// value back byte for byte and run nothing. Arbitrary strings (full Unicode, quotes, $(…), backticks,
// backslashes, newlines, control characters) are written by the real op, sourced by a real bash
// and compared; a canary file shows whether any value executed.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { EnvVarsWriteParams } from "../../protocol/index";
import { testOpContext } from "../context.fixture";
import { shellQuote } from "./shell-quote";
import { DEFAULT_VARS_FILE, writeEnvVars } from "./write-env-vars";

let dir = "";
let canary = "";
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "kalpana-vars-"));
  canary = path.join(dir, "pwned");
});
after(() => rm(dir, { recursive: true, force: true }));

const hostile = [
  `$(touch ${"CANARY"})`,
  "`touch CANARY`",
  "'; touch CANARY; '",
  `"; touch CANARY; "`,
  "a'b\"c\\d",
  "line1\nline2\n$(touch CANARY)\n",
  "\\'$(touch CANARY)",
  "'",
  "''''",
  "",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal parameter expansion is the point
  "${IFS}$((1+1))!!*?~",
  "\r\n\t\x01\x7f",
];

/** Each value, as bash sees it after sourcing the file, read through base64 so no byte is lost. */
function readBack(file: string, names: string[]): string[] {
  const script = `. "$1"; shift; for n in "$@"; do printf '%s' "\${!n}" | base64 -w0; echo; done`;
  const out = execFileSync("bash", ["--noprofile", "--norc", "-c", script, "bash", file, ...names], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
  });
  return out
    .split("\n")
    .slice(0, names.length)
    .map((b) => Buffer.from(b, "base64").toString("utf8"));
}

async function roundTrip(values: string[]): Promise<void> {
  const file = path.join(dir, "env-vars.sh");
  const vars = values.map((value, i) => ({ name: `V${i}`, value: value.replaceAll("CANARY", canary) }));
  await writeEnvVars(testOpContext(dir, { varsFile: file }), EnvVarsWriteParams.parse({ vars }));
  assert.deepEqual(
    readBack(
      file,
      vars.map((v) => v.name),
    ),
    vars.map((v) => v.value),
  );
  assert.equal(existsSync(canary), false, "a value ran a command");
}

test("hostile values are delivered literally and run nothing", async () => {
  await roundTrip(hostile);
});

test("property: any value without NUL survives bash byte for byte", async () => {
  const value = fc.oneof(
    fc.string({ unit: "binary", maxLength: 64 }),
    fc
      .array(fc.constantFrom(...hostile, "'", '"', "`", "$", "(", ")", "\\", "\n", ";", "|"), {
        maxLength: 12,
      })
      .map((a) => a.join("")),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        value.filter((v) => !v.includes("\0")),
        { minLength: 1, maxLength: 6 },
      ),
      roundTrip,
    ),
    { numRuns: 150 },
  );
});

test("property: a quoted value is one word that never leaves its quotes", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary" }), (v) => {
      const q = shellQuote(v);
      // Outside the '…' runs there is nothing but the \' escape: strip the runs and that is all left.
      assert.match(q.replace(/'[^']*'/g, ""), /^(\\')*$/);
    }),
  );
});

test("the file is 0600, replaced atomically, and a NUL byte or a bad name is refused", async () => {
  const file = path.join(dir, "mode.sh");
  await writeEnvVars(
    testOpContext(dir, { varsFile: file }),
    EnvVarsWriteParams.parse({ vars: [{ name: "A", value: "1" }] }),
  );
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  await writeEnvVars(testOpContext(dir, { varsFile: file }), EnvVarsWriteParams.parse({ vars: [] }));
  assert.match(await readFile(file, "utf8"), /^# kalpana-vars [0-9a-f]{32}\nexport KALPANA_VAR_NAMES=''\n$/);
  for (const bad of [
    { name: "A", value: "x\0y" },
    { name: "1A", value: "x" },
    { name: "A;touch", value: "x" },
    { name: "A B", value: "x" },
    { name: "KALPANA_VAR_NAMES", value: "PATH" },
  ]) {
    assert.equal(EnvVarsWriteParams.safeParse({ vars: [bad] }).success, false, JSON.stringify(bad));
  }
  assert.equal(
    EnvVarsWriteParams.safeParse({
      vars: [
        { name: "A", value: "1" },
        { name: "A", value: "2" },
      ],
    }).success,
    false,
  );
});

test("without the container's tmpfs at /run/kalpana nothing is written: secrets never go to a disk", async () => {
  await assert.rejects(
    writeEnvVars(testOpContext(dir), EnvVarsWriteParams.parse({ vars: [{ name: "A", value: "1" }] })),
    (e: Error & { code?: string }) => e.code === "EINVAL",
  );
  assert.equal(existsSync(DEFAULT_VARS_FILE), false);
});
