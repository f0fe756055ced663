import assert from "node:assert/strict";
import { test } from "node:test";
import { nodeType, OP, parseShell } from "./parse";

// The classifier reads operators as numbers: fail loudly if a parser upgrade renumbers them.
test("operator values of this parser build", () => {
  const op = (src: string) => {
    const s = parseShell(src)![0]!;
    return nodeType(s.Cmd) === "BinaryCmd" ? (s.Cmd as unknown as { Op: number }).Op : s.Redirs[0]!.Op;
  };
  assert.equal(op("a && b"), OP.and);
  assert.equal(op("a || b"), OP.or);
  assert.equal(op("a | b"), OP.pipe);
  assert.equal(op("a |& b"), OP.pipeAll);
  assert.equal(op("a > f"), OP.rdrOut);
  assert.equal(op("a >> f"), OP.appOut);
  assert.equal(op("a < f"), OP.rdrIn);
  assert.equal(op("a <> f"), OP.rdrInOut);
  assert.equal(op("a <&0"), OP.dplIn);
  assert.equal(op("a >&2"), OP.dplOut);
  assert.equal(op("a >| f"), OP.clbOut);
  assert.equal(op("a <<E\nx\nE"), OP.hdoc);
  assert.equal(op("a <<-E\nx\nE"), OP.dashHdoc);
  assert.equal(op("a <<< x"), OP.wordHdoc);
  assert.equal(op("a &> f"), OP.rdrAll);
  assert.equal(op("a &>> f"), OP.appAll);
  const exp = (src: string) =>
    (
      parseShell(`echo $${"{"}${src}}`)![0]!.Cmd as unknown as {
        Args: Array<{ Parts: Array<{ Exp: { Op: number } }> }>;
      }
    ).Args[1]!.Parts[0]!.Exp.Op;
  assert.equal(exp("X-a"), OP.defaultUnset);
  assert.equal(exp("X:-a"), OP.defaultNull);
  assert.equal(exp("X+a"), OP.alternateUnset);
  assert.equal(exp("X:+a"), OP.alternateNull);
  assert.equal(exp("X=a"), OP.assignUnset);
  assert.equal(exp("X:=a"), OP.assignNull);
  assert.equal(exp("X?a"), OP.errorUnset);
  assert.equal(exp("X:?a"), OP.errorNull);
});

test("invalid Bash is null, not a throw", () => {
  assert.equal(parseShell("echo 'open"), null);
  assert.equal(parseShell("if then fi"), null);
  assert.equal(parseShell("")?.length, 0);
});
