// In-process tests read what the domain code logs: call this before anything creates the logger
// (log/log.ts reads the "log-destination" slot once), then inspect the parsed JSON lines.
import { Writable } from "node:stream";
import { setProcessSlot } from "../process-state";

export function captureLogs<Line = Record<string, unknown>>(): Line[] {
  const lines: Line[] = [];
  setProcessSlot(
    "log-destination",
    new Writable({
      write(chunk, _enc, cb) {
        for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l));
        cb();
      },
    }),
  );
  return lines;
}
