import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { REF_PREFIX, withStore } from "./store";

/** Keeps the newest `keep` checkpoints (by creation time) and drops the rest and their objects. */
export function pruneCheckpoints(
  ctx: OpContext,
  p: ParsedParams<"checkpoint:prune">,
): Promise<Result<"checkpoint:prune">> {
  return withStore(ctx, 300_000, async (cp) => {
    const out = await cp(["for-each-ref", "--format=%(refname)%00%(contents:subject)", REF_PREFIX]);
    const refs = out.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [ref, subject] = line.split("\0");
        return { ref: ref!, at: Number(/^checkpoint (\d+)/.exec(subject ?? "")?.[1] ?? 0) };
      })
      .sort((x, y) => y.at - x.at || (x.ref < y.ref ? 1 : -1));
    const drop = refs.slice(p.keep);
    if (drop.length > 0) {
      await cp(["update-ref", "--stdin"], { stdin: drop.map((r) => `delete ${r.ref}\n`).join("") });
      await cp(["prune", "--expire=now"]);
    }
    return { kept: refs.length - drop.length, deleted: drop.map((r) => r.ref.slice(REF_PREFIX.length)) };
  });
}
