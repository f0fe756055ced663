import type { OutputChunk } from "../../protocol/index";

/**
 * Collects a foreground command's output: coalesced chunks in arrival order (stdout and stderr
 * interleaved), a byte cap with a visible marker, and an ordered `seq` for every streamed piece.
 */
export class OutputCollector {
  readonly chunks: OutputChunk[] = [];
  truncated = false;
  private bytes = 0;
  private seq = -1;

  constructor(
    private readonly maxBytes: number,
    private readonly onChunk: (chunk: OutputChunk, seq: number) => void,
  ) {}

  get lastSeq(): number {
    return this.seq;
  }

  push(stream: OutputChunk["stream"], data: string): void {
    if (this.truncated || data === "") return;
    const size = Buffer.byteLength(data);
    if (this.bytes + size > this.maxBytes) {
      const room = this.maxBytes - this.bytes;
      const head = Buffer.from(data, "utf8").subarray(0, room).toString("utf8");
      if (head) this.add(stream, head);
      this.truncated = true;
      this.add(stream, `\n[kalpana: output truncated after ${this.maxBytes} bytes]\n`);
      return;
    }
    this.bytes += size;
    this.add(stream, data);
  }

  private add(stream: OutputChunk["stream"], data: string): void {
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.stream === stream) last.data += data;
    else this.chunks.push({ stream, data });
    this.onChunk({ stream, data }, ++this.seq);
  }
}
