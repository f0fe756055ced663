import type { EventPayload, OutputChunk, Result } from "../protocol/index";

type Chunk = EventPayload<"exec:chunk">;

/**
 * Turns exec:chunk events into an async iterator. Chunks are released strictly in `seq`
 * order (held back if one arrives early), and the iterator ends once the final result is in
 * and every chunk up to its `lastSeq` has been yielded.
 */
export class ChunkQueue implements AsyncIterable<OutputChunk> {
  private readonly early = new Map<number, Chunk>();
  private readonly ready: OutputChunk[] = [];
  private next = 0;
  private lastSeq: number | undefined;
  private failure: unknown;
  private wake: (() => void) | undefined;

  push(c: Chunk): void {
    this.early.set(c.seq, c);
    while (this.early.has(this.next)) {
      const { stream, data } = this.early.get(this.next)!;
      this.early.delete(this.next++);
      this.ready.push({ stream, data });
    }
    this.notify();
  }

  finish(result: Result<"exec:run">): void {
    this.lastSeq = result.lastSeq;
    this.notify();
  }

  fail(e: unknown): void {
    this.failure = e;
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
