/**
 * Splits a byte stream into newline-terminated lines without ever holding more than `maxBytes`
 * of one unfinished line: past that, `push` returns "overflow" and the caller ends the stream.
 * Lines are decoded as UTF-8 only once complete, so a character split across chunks survives.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: string) => void,
  ) {}

  push(chunk: Buffer): "ok" | "overflow" {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const part = chunk.subarray(start, nl);
      if (this.pendingBytes + part.length > this.maxBytes) return "overflow";
      const line = Buffer.concat([...this.pending, part])
        .toString("utf8")
        .replace(/\r$/, "");
      this.pending = [];
      this.pendingBytes = 0;
      start = nl + 1;
      if (line.trim() !== "") this.onLine(line);
    }
    const rest = chunk.subarray(start);
    if (this.pendingBytes + rest.length > this.maxBytes) return "overflow";
    if (rest.length > 0) {
      this.pending.push(rest);
      this.pendingBytes += rest.length;
    }
    return "ok";
  }
}
