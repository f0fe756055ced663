import type { Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { captureTree, DEFAULT_CAPS } from "./capture";
import { type CpRun, resolveCheckpoint } from "./store";

type Change = Result<"checkpoint:diff">["changes"][number];
interface RawEntry {
  path: string;
  srcMode: string;
  srcSha: string;
  dstMode: string;
  dstSha: string;
  status: string;
}
export interface PlannedChange extends Change {
  /** Absent in `before`: undoing means deleting the file. */
  removeOnRestore: boolean;
}

/** `git diff-tree -r -z --raw` output → entries (":srcmode dstmode src dst status\0path\0"). */
export function parseRawDiff(out: string): RawEntry[] {
  const parts = out.split("\0");
  const entries: RawEntry[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const [srcMode, dstMode, srcSha, dstSha, status] = parts[i]!.replace(/^:/, "").split(" ");
    if (!status) continue;
    entries.push({
      path: parts[i + 1]!,
      srcMode: srcMode!,
      dstMode: dstMode!,
      srcSha: srcSha!,
      dstSha: dstSha!,
      status,
    });
  }
  return entries;
}

const STATUS: Record<string, Change["status"]> = { A: "added", D: "deleted" };

/**
 * What undoing the turn between `before` and `after` would do, judged against the work tree as
 * it is now: a file the turn changed that differs from `after` was changed again since (by the
 * person or a later turn) and is a conflict; one already back to `before` needs nothing.
 */
export async function planRestore(
  ctx: OpContext,
  cp: CpRun,
  before: string,
  after: string,
): Promise<{ beforeCommit: string; changes: PlannedChange[] }> {
  const [b, a] = [await resolveCheckpoint(cp, before), await resolveCheckpoint(cp, after)];
  const { tree: now } = await captureTree(ctx, cp, DEFAULT_CAPS);
  const diff = (x: string, y: string) =>
    cp(["diff-tree", "-r", "-z", "--raw", "--no-renames", "--abbrev=40", x, y], {
      maxBytes: 64 * 1024 * 1024,
    });
  const turn = parseRawDiff((await diff(b, a)).stdout);
  const since = new Map(parseRawDiff((await diff(a, now)).stdout).map((e) => [e.path, e]));
  const changes: PlannedChange[] = [];
  for (const e of turn) {
    const later = since.get(e.path);
    if (later && later.dstSha === e.srcSha && later.dstMode === e.srcMode) continue; // already undone
    changes.push({
      path: e.path,
      status: STATUS[e.status] ?? "modified",
      conflict: later !== undefined,
      removeOnRestore: e.status === "A",
    });
  }
  return { beforeCommit: b, changes };
}
