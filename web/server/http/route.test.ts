// Request bodies are capped while they stream: an endless upload is cut off just past 1 MiB (the
// reader is cancelled, so the sender is told to stop), sizes count bytes not characters, and a
// declared Content-Length over the cap is refused before a single byte is read.
import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { AppError } from "../errors";
import { MAX_BODY_BYTES, readBodyText, readJson } from "./route";

const CHUNK = 64 * 1024;

/** An upload that never ends, counting what the server pulled and whether it hung up. */
function endlessUpload(headers: Record<string, string> = {}) {
  const seen = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        seen.pulled += CHUNK;
        controller.enqueue(new Uint8Array(CHUNK).fill(0x61));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 }, // pull only when the server reads
  );
  const req = new Request("http://x/api", { method: "POST", body, headers, duplex: "half" } as RequestInit);
  return { req, seen };
}

const is413 = (e: unknown) => e instanceof AppError && e.status === 413;

test("an endless body is refused with 413 after about 1 MiB, and the upload is cancelled", async () => {
  const { req, seen } = endlessUpload();
  await assert.rejects(readJson(req, z.object({})), is413);
  assert.ok(seen.cancelled, "the reader hung up");
  assert.ok(seen.pulled <= MAX_BODY_BYTES + 4 * CHUNK, `pulled ${seen.pulled} bytes`);
});

test("the cap counts bytes: 600k two-byte characters (1.2 MB) are too large", async () => {
  const body = JSON.stringify({ text: "é".repeat(600_000) });
  assert.ok(body.length < MAX_BODY_BYTES && Buffer.byteLength(body) > MAX_BODY_BYTES);
  await assert.rejects(readBodyText(new Request("http://x", { method: "POST", body })), is413);
});

test("a declared Content-Length over the cap is refused before reading", async () => {
  const { req, seen } = endlessUpload({ "content-length": String(MAX_BODY_BYTES + 1) });
  assert.equal(req.headers.get("content-length"), String(MAX_BODY_BYTES + 1));
  await assert.rejects(readBodyText(req), is413);
  assert.equal(seen.pulled, 0);
});

test("bodies up to the cap are read whole, split across chunks and multi-byte characters", async () => {
  const text = JSON.stringify({ s: "ü€😀".repeat(50_000) });
  assert.ok(Buffer.byteLength(text) <= MAX_BODY_BYTES);
  const bytes = Buffer.from(text);
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.subarray(at, at + 777)); // boundaries fall inside characters
      at += 777;
    },
  });
  const req = new Request("http://x", { method: "POST", body, duplex: "half" } as RequestInit);
  assert.deepEqual(await readJson(req, z.object({ s: z.string() })), JSON.parse(text));
  assert.deepEqual(await readJson(new Request("http://x", { method: "POST" }), z.object({})), {});
});
