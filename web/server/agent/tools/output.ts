// Command output as one string, capped for the model: the end of a build log is what explains it.
import { type OutputChunk, outputText } from "@kalpana/bridge/protocol";

export const MODEL_OUTPUT_CAP = 16 * 1024;

export function joinOutput(chunks: readonly OutputChunk[]): string {
  return outputText(chunks);
}

/** Keeps the last `cap` characters and says how much was cut. */
export function tail(text: string, cap = MODEL_OUTPUT_CAP): { text: string; omitted: number } {
  if (text.length <= cap) return { text, omitted: 0 };
  return {
    text: `…[${text.length - cap} earlier characters omitted]\n${text.slice(-cap)}`,
    omitted: text.length - cap,
  };
}
