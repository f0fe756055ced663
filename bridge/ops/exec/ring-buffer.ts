import type { OutputChunk } from "../../protocol/index";

interface Entry extends OutputChunk {
  /** Offset (in characters of all output ever produced) of this entry's first character. */
  start: number;
}

/**
 * A background job's output: the newest `capacity` characters, addressed by absolute offsets
 * so a reader can ask "everything since offset N" and learn how much it missed.
 */
export class RingBuffer {
  private entries: Entry[] = [];
  private size = 0;
  total = 0;

  constructor(private readonly capacity: number) {}

  append(stream: OutputChunk["stream"], data: string): void {
    if (!data) return;
    const last = this.entries[this.entries.length - 1];
    if (last && last.stream === stream && last.data.length < 16 * 1024) last.data += data;
    else this.entries.push({ stream, data, start: this.total });
    this.total += data.length;
    this.size += data.length;
    while (this.size > this.capacity && this.entries.length > 0) {
      const first = this.entries[0]!;
      const excess = this.size - this.capacity;
      if (first.data.length <= excess) {
        this.entries.shift();
        this.size -= first.data.length;
      } else {
        first.data = first.data.slice(excess);
        first.start += excess;
        this.size -= excess;
      }
    }
  }

  readFrom(offset: number): { output: OutputChunk[]; nextOffset: number; dropped: number } {
    const oldest = this.entries[0]?.start ?? this.total;
    const from = Math.max(offset, oldest);
    const output: OutputChunk[] = [];
    for (const e of this.entries) {
      const end = e.start + e.data.length;
      if (end <= from) continue;
      output.push({ stream: e.stream, data: e.data.slice(Math.max(0, from - e.start)) });
    }
    return { output, nextOffset: this.total, dropped: Math.max(0, Math.min(oldest, this.total) - offset) };
  }
}
