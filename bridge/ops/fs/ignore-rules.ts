import path from "node:path";
import ignore, { type Ignore } from "ignore";
import type { OpContext } from "../context";
import { openRegular } from "./open-regular";

/**
 * Gitignore rules for one folder walk. Each .gitignore applies to paths below its own folder,
 * so rules are kept per folder and a path is checked against every ancestor's rules.
 * `.git` is always hidden: nothing an agent should list or edit lives there.
 */
export class IgnoreRules {
  private readonly byDir = new Map<string, Ignore | null>();
  constructor(
    private readonly ctx: Pick<OpContext, "fs" | "root">,
    private readonly enabled: boolean,
  ) {}

  private async rulesFor(relDir: string): Promise<Ignore | null> {
    if (this.byDir.has(relDir)) return this.byDir.get(relDir)!;
    let rules: Ignore | null = null;
    try {
      // Through the same non-blocking, regular-files-only open as fs:read: a .gitignore that is
      // a FIFO or a link (maybe leading outside the root) is no rules, not a hang or a leak.
      const gi = path.join(this.ctx.root, relDir, ".gitignore");
      const { fh } = await openRegular(this.ctx, gi, ".gitignore");
      try {
        rules = ignore().add(await fh.readFile("utf8"));
      } finally {
        await fh.close();
      }
    } catch {
      // no usable .gitignore here
    }
    this.byDir.set(relDir, rules);
    return rules;
  }

  /** `rel` is relative to the root; `isDir` matters for patterns like `build/`. */
  async ignored(rel: string, isDir: boolean): Promise<boolean> {
    const name = path.basename(rel);
    if (name === ".git") return true;
    if (!this.enabled) return false;
    const parts = rel.split("/");
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/") || ".";
      const rules = await this.rulesFor(dir);
      if (!rules) continue;
      const sub = parts.slice(i).join("/");
      if (rules.ignores(isDir ? `${sub}/` : sub)) return true;
    }
    return false;
  }
}
