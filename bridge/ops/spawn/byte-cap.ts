import { StringDecoder } from "node:string_decoder";

/** A byte budget for collected output: what fits is kept, the rest dropped and `truncated` set. */
export class ByteCap {
  truncated = false;
  private used = 0;

  constructor(readonly maxBytes: number) {}

  /** The part of `text` that still fits (cut on a UTF-8 character boundary). */
  take(text: string): string {
    if (this.truncated || text === "") return "";
    const size = Buffer.byteLength(text);
    if (this.used + size <= this.maxBytes) {
      this.used += size;
      return text;
    }
    this.truncated = true;
    // The decoder holds back a character cut in half instead of turning it into U+FFFD.
    const head = new StringDecoder("utf8").write(
      Buffer.from(text, "utf8").subarray(0, this.maxBytes - this.used),
    );
    this.used = this.maxBytes;
    return head;
  }
}
