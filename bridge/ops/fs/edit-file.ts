import type { ParsedParams, Result } from "../../protocol/index";
import { resolveInWorkspace } from "../confine";
import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import { atomicWrite } from "./atomic-write";
import { fsStep } from "./classify";
import { unifiedDiff } from "./diff";
import { openRegular } from "./open-regular";
import { MAX_WRITE_BYTES } from "./write-file";

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/**
 * Exact-string replace. The match count must be exactly 1 (or `expectedReplacements`): an
 * ambiguous edit is refused rather than guessed, and the message tells the model what to fix.
 */
export async function editFile(ctx: OpContext, p: ParsedParams<"fs:edit">): Promise<Result<"fs:edit">> {
  const { abs, rel } = await resolveInWorkspace(ctx.root, p.path, { forWrite: true });
  return fsStep(rel, async () => {
    const { fh, st } = await openRegular(ctx, abs, rel);
    let before: string;
    try {
      if (st.size > MAX_WRITE_BYTES)
        throw new BridgeError("ETOOLARGE", `${rel} is too large to edit (${st.size} bytes)`);
      before = await fh.readFile("utf8");
    } finally {
      await fh.close();
    }
    const expected = p.expectedReplacements ?? 1;
    const found = countOccurrences(before, p.oldString);
    if (found === 0) {
      throw new BridgeError(
        "EINVAL",
        `oldString was not found in ${rel}; read the file and copy the text exactly`,
      );
    }
    if (found !== expected) {
      throw new BridgeError(
        "EINVAL",
        `oldString occurs ${found} times in ${rel} but ${expected} replacement(s) were expected; ` +
          "add surrounding lines to make it unique or set expectedReplacements",
      );
    }
    // split/join is a literal replace: no `$&`-style patterns in newString get interpreted.
    const after = before.split(p.oldString).join(p.newString);
    await atomicWrite(ctx, abs, Buffer.from(after, "utf8"));
    return { path: rel, replacements: found, diff: unifiedDiff(before, after, rel) };
  });
}
