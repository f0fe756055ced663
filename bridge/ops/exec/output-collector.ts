import type { OutputChunk } from "../../protocol/index";
import { ByteCap } from "../spawn/byte-cap";

/**
 * Collects a foreground command's output: coalesced chunks in arrival order (stdout and stderr
 * interleaved), a byte cap with a visible marker, and an ordered `seq` for every streamed piece.
 */
export class OutputCollector {
  readonly chunks: OutputChunk[] = [];
  private readonly cap: ByteCap;
  private seq = -1;

  constructor(
    private readonly maxBytes: number,
    private readonly onChunk: (chunk: OutputChunk, seq: number) => void,
  ) {
    this.cap = new ByteCap(maxBytes);
  }

  get truncated(): boolean {
    return this.cap.truncated;
  }

  get lastSeq(): number {
    return this.seq;
  }

  push(stream: OutputChunk["stream"], data: string): void {
    if (this.cap.truncated) return;
    const kept = this.cap.take(data);
    if (kept) this.add(stream, kept);
    if (this.cap.truncated) this.add(stream, `\n[kalpana: output truncated after ${this.maxBytes} bytes]\n`);
  }

  private add(stream: OutputChunk["stream"], data: string): void {
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.stream === stream) last.data += data;
    else this.chunks.push({ stream, data });
    this.onChunk({ stream, data }, ++this.seq);
  }
}
