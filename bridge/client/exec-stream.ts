import type { EventPayload, OutputChunk, Result } from "../protocol/index";

type Chunk = EventPayload<"exec:chunk">;

/** Out-of-order chunks held back at most: the bridge sends them in order on one socket. */
const MAX_EARLY = 1024;
/** A legit command can produce many tiny chunks, but not this many for one call. */
const MAX_CHUNKS = 200_000;

/**
 * Turns exec:chunk events into an async iterator. Chunks are released strictly in `seq`
 * order (held back if one arrives early), and the iterator ends once the final result is in
 * and every chunk up to its `lastSeq` has been yielded.
 *
 * The bridge is untrusted: `push` and `finish` return a description of the protocol breach
 * (duplicate or far-ahead seq, more output than the call allows, a lastSeq for chunks that
 * never came) instead of buffering without bound or waiting forever; the caller fails the call.
 */
export class ChunkQueue implements AsyncIterable<OutputChunk> {
  private readonly early = new Map<number, Chunk>();
  private readonly ready: OutputChunk[] = [];
  private next = 0;
  private chars = 0;
  private count = 0;
  private lastSeq: number | undefined;
  private failure: unknown;
  private wake: (() => void) | undefined;

  /** `maxChars`: the most output the call may stream (its maxOutputBytes plus the marker). */
  constructor(private readonly maxChars = Number.POSITIVE_INFINITY) {}

  push(c: Chunk): string | undefined {
    if (this.failure !== undefined || this.lastSeq !== undefined) return undefined;
    if (!Number.isInteger(c.seq) || c.seq < this.next || this.early.has(c.seq)) {
      return `exec:chunk seq ${c.seq} repeated or invalid`;
    }
    if (c.seq >= this.next + MAX_EARLY) return `exec:chunk seq ${c.seq} is far ahead of ${this.next}`;
    this.chars += c.data.length;
    if (++this.count > MAX_CHUNKS || this.chars > this.maxChars) {
      return "the command streamed more output than the call allows";
    }
    this.early.set(c.seq, c);
    while (this.early.has(this.next)) {
      const { stream, data } = this.early.get(this.next)!;
      this.early.delete(this.next++);
      this.ready.push({ stream, data });
    }
    this.notify();
    return undefined;
  }

  /** Every chunk up to lastSeq was sent before the reply on the same socket, so it is here already. */
  finish(result: Result<"exec:run">): string | undefined {
    if (result.lastSeq !== this.next - 1) {
      return `reply names lastSeq ${result.lastSeq} but chunks 0..${this.next - 1} came`;
    }
    this.early.clear();
    this.lastSeq = result.lastSeq;
    this.notify();
    return undefined;
  }

  fail(e: unknown): void {
    this.failure = e;
    this.early.clear();
    this.notify();
  }

  private notify(): void {
    this.wake?.();
    this.wake = undefined;
  }

  private get done(): boolean {
    return this.lastSeq !== undefined && this.next > this.lastSeq;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<OutputChunk> {
    for (;;) {
      while (this.ready.length > 0) yield this.ready.shift()!;
      if (this.done) return;
      if (this.failure !== undefined) throw this.failure;
      await new Promise<void>((r) => (this.wake = r));
    }
  }
}
