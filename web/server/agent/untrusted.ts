// Workspace text (repository files, file names, command output) is data, never instructions: it
// reaches the model wrapped in a block whose boundary is random per block, so the text cannot
// close the block early and continue as if it were the person or the system. The instructions
// (instructions.ts) tell the model what these blocks are and that nothing inside them is obeyed.
import { randomBytes } from "node:crypto";

export const UNTRUSTED_TAG = "untrusted-data";

export type BoundarySource = () => string;
const randomBoundary: BoundarySource = () => randomBytes(12).toString("hex");

/**
 * `content` between an opening and a closing line that both carry the same fresh boundary. A
 * boundary that occurs anywhere in the content is never used (drawn again), so no text can forge
 * the closing line; `source` is ours (a tool or file name chosen by the server), never the workspace's.
 */
export function delimitUntrusted(source: string, content: string, boundary = randomBoundary): string {
  let b = boundary();
  for (let tries = 0; content.includes(b) || !/^[0-9a-z]{8,}$/.test(b); tries++) {
    if (tries > 16) throw new Error("no usable boundary for untrusted content");
    b = boundary();
  }
  const label = source.replace(/[^\w./-]/g, "_").slice(0, 80);
  return `<${UNTRUSTED_TAG} source="${label}" boundary="${b}">\n${content}\n</${UNTRUSTED_TAG} boundary="${b}">`;
}
