import assert from "node:assert/strict";
import { test } from "node:test";
import { coalesceChunks, coalescedResponse } from "./coalesce";

const bytes = (s: string) => new TextEncoder().encode(s);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const c of stream) out.push(new TextDecoder().decode(c));
  return out;
}

test("chunks written in one turn leave as one, later ones separately, in order", async () => {
  const source = new ReadableStream<Uint8Array>({
    async start(c) {
      c.enqueue(bytes("a"));
      c.enqueue(bytes("b"));
      c.enqueue(bytes("c"));
      await new Promise((r) => setTimeout(r, 10));
      c.enqueue(bytes("d"));
      c.close();
    },
  });
  assert.deepEqual(await readAll(source.pipeThrough(coalesceChunks())), ["abc", "d"]);
});

test("whatever is pending when the source ends is delivered", async () => {
  const source = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(bytes("x"));
      c.enqueue(bytes("y"));
      c.close();
    },
  });
  assert.equal((await readAll(source.pipeThrough(coalesceChunks()))).join(""), "xy");
});

test("a coalesced response keeps status and headers, and cancelling it cancels the source", async () => {
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull: (c) => c.enqueue(bytes("tick")),
    cancel: () => {
      cancelled = true;
    },
  });
  const res = coalescedResponse(new Response(body, { status: 201, headers: { "x-kind": "sse" } }));
  assert.equal(res.status, 201);
  assert.equal(res.headers.get("x-kind"), "sse");
  const reader = res.body!.getReader();
  assert.match(new TextDecoder().decode((await reader.read()).value), /^(tick)+$/);
  await reader.cancel();
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(cancelled, true);
});
