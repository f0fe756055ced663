import type { Result } from "../../protocol/index";

type Status = Result<"git:status">;
type File = Status["files"][number];

/**
 * Parses `git status --porcelain=v2 --branch -z`. Records are NUL-separated; a rename record
 * ("2 ...") is followed by one extra NUL-terminated field holding the original path.
 */
export function parseStatus(raw: string): Status {
  const s: Status = { branch: null, commit: null, upstream: null, ahead: 0, behind: 0, files: [] };
  const fields = raw.split("\0");
  for (let i = 0; i < fields.length; i++) {
    const rec = fields[i]!;
    if (rec === "") continue;
    if (rec.startsWith("# ")) {
      const [, key, ...rest] = rec.split(" ");
      const value = rest.join(" ");
      if (key === "branch.oid") s.commit = value === "(initial)" ? null : value;
      else if (key === "branch.head") s.branch = value === "(detached)" ? null : value;
      else if (key === "branch.upstream") s.upstream = value;
      else if (key === "branch.ab") {
        const m = /^\+(\d+) -(\d+)$/.exec(value);
        if (m) [s.ahead, s.behind] = [Number(m[1]), Number(m[2])];
      }
      continue;
    }
    const kind = rec[0];
    const parts = rec.split(" ");
    const xy = parts[1] ?? "..";
    const file = (path: string, k: File["kind"], x = xy[0]!, y = xy[1]!): File => ({
      path,
      index: x,
      worktree: y,
      kind: k,
    });
    if (kind === "1") s.files.push(file(parts.slice(8).join(" "), "changed"));
    else if (kind === "2")
      s.files.push({ ...file(parts.slice(9).join(" "), "renamed"), origPath: fields[++i] ?? "" });
    else if (kind === "u") s.files.push(file(parts.slice(10).join(" "), "unmerged"));
    else if (kind === "?") s.files.push(file(rec.slice(2), "untracked", "?", "?"));
    else if (kind === "!") s.files.push(file(rec.slice(2), "ignored", "!", "!"));
  }
  return s;
}
