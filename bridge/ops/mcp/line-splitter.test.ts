import assert from "node:assert/strict";
import { test } from "node:test";
import { LineSplitter } from "./line-splitter";

test("line splitter: lines across chunks, CRLF, blank lines skipped, a split UTF-8 character kept", () => {
  const lines: string[] = [];
  const s = new LineSplitter(64, (l) => lines.push(l));
  const snow = Buffer.from("☃");
  assert.equal(s.push(Buffer.concat([Buffer.from('{"a":1}\r\n\n{"b":"'), snow.subarray(0, 1)])), "ok");
  assert.equal(s.push(Buffer.concat([snow.subarray(1), Buffer.from('"}\n{"c"')])), "ok");
  assert.deepEqual(lines, ['{"a":1}', '{"b":"☃"}']);
});

test("line splitter (attacker): an unfinished line over the cap overflows, with or without a newline", () => {
  const s = new LineSplitter(8, () => {});
  assert.equal(s.push(Buffer.from("12345")), "ok");
  assert.equal(s.push(Buffer.from("6789")), "overflow");
  const t = new LineSplitter(8, () => {});
  assert.equal(t.push(Buffer.from("123456789\n")), "overflow");
  const u = new LineSplitter(8, () => {});
  assert.equal(u.push(Buffer.from("12345678\n12345678\n")), "ok", "exactly the cap is fine");
});
