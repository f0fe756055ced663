import type { FileHandle } from "node:fs/promises";
import { BridgeError } from "../errors";

export interface LineRead {
  text: string;
  /** Last line number included (startLine - 1 when the file is shorter). */
  endLine: number;
  hasMore: boolean;
}

/**
 * Stream the file and keep only lines start..end (1-based, inclusive), so a line window of a
 * huge log costs memory for the window only. Stops reading once a line past the window shows up.
 */
export async function readLines(
  fh: FileHandle,
  start: number,
  end: number,
  maxBytes: number,
): Promise<LineRead> {
  // The caller owns the handle (opened non-blocking and checked to be a regular file).
  const stream = fh.createReadStream({
    encoding: "utf8",
    highWaterMark: 64 * 1024,
    start: 0,
    autoClose: false,
  });
  let line = 1;
  let partial = "";
  let text = "";
  let hasMore = false;
  // Returns false once a line beyond the window exists: that is all we need to know.
  const take = (piece: string): boolean => {
    if (line > end) {
      hasMore = true;
      return false;
    }
    if (line >= start) {
      text += piece;
      if (Buffer.byteLength(text) > maxBytes) {
        throw new BridgeError(
          "ETOOLARGE",
          `lines ${start}-${line} exceed the ${maxBytes} byte limit; ask for fewer lines`,
        );
      }
    }
    line++;
    return true;
  };
  try {
    outer: for await (const chunk of stream as AsyncIterable<string>) {
      const pieces = (partial + chunk).split("\n");
      partial = pieces.pop()!;
      for (const piece of pieces) if (!take(`${piece}\n`)) break outer;
    }
    if (!hasMore && partial.length > 0) take(partial);
  } finally {
    stream.destroy();
  }
  return { text, endLine: Math.min(line - 1, end), hasMore };
}
