import assert from "node:assert/strict";
import { test } from "node:test";
import { OutputCollector } from "./output-collector";
import { RingBuffer } from "./ring-buffer";

test("ring buffer: offsets are absolute, old output is dropped and reported", () => {
  const rb = new RingBuffer(10);
  rb.append("stdout", "abcdef");
  rb.append("stderr", "ghij");
  assert.deepEqual(rb.readFrom(0), {
    output: [
      { stream: "stdout", data: "abcdef" },
      { stream: "stderr", data: "ghij" },
    ],
    nextOffset: 10,
    dropped: 0,
  });
  rb.append("stdout", "klm");
  const r = rb.readFrom(0);
  assert.equal(r.dropped, 3);
  assert.equal(r.output.map((o) => o.data).join(""), "defghijklm");
  assert.deepEqual(rb.readFrom(8).output, [
    { stream: "stderr", data: "ij" },
    { stream: "stdout", data: "klm" },
  ]);
  assert.deepEqual(rb.readFrom(13), { output: [], nextOffset: 13, dropped: 0 });
});

test("output collector: coalesces by stream, numbers every piece, caps with a marker", () => {
  const seen: number[] = [];
  const oc = new OutputCollector(8, (_c, seq) => seen.push(seq));
  oc.push("stdout", "abc");
  oc.push("stdout", "de");
  oc.push("stderr", "fghij");
  oc.push("stdout", "never");
  assert.deepEqual(seen, [0, 1, 2, 3]);
  assert.equal(oc.lastSeq, 3);
  assert.equal(oc.truncated, true);
  assert.deepEqual(oc.chunks, [
    { stream: "stdout", data: "abcde" },
    { stream: "stderr", data: "fgh\n[kalpana: output truncated after 8 bytes]\n" },
  ]);
});
