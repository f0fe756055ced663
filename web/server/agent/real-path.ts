// Where a path really lands, asked of the bridge before a write is classified: a link in the
// repository (`docs -> .git/hooks`) must not make `docs/pre-commit` look like an ordinary file.
// fs:stat resolves the path the way every fs op does (symlinks followed, missing tails kept) and
// answers with the real workspace-relative path; for a path that does not exist (yet), its ENOENT
// names that same resolved path (bridge/ops/fs/classify.ts), so dangling links are seen too.
import path from "node:path";
import { type BridgeClient, BridgeError } from "@kalpana/bridge/client";
import { type PushTarget, resolvePushTarget } from "./tools/push-target";

export interface WorkspacePaths {
  /** Real locations `p` may act on: the target (links followed) and the link itself in its real folder. */
  realPaths: (p: string) => Promise<string[]>;
  /** The file's text, or null when it is missing or unreadable. */
  readText: (p: string) => Promise<string | null>;
  /** Where a push would go (exact URL, branch, token or not), for the approval card; null if unknown. */
  pushTarget?: (input: { remote: string; branch?: string; cwd: string }) => Promise<PushTarget | null>;
}

const MISSING = /: no such file or folder$/;

async function resolved(b: BridgeClient, p: string): Promise<string | null> {
  try {
    return (await b.fs.stat({ path: p })).path;
  } catch (e) {
    if (e instanceof BridgeError && e.code === "ENOENT" && MISSING.test(e.message)) {
      return e.message.replace(MISSING, "");
    }
    return null; // outside the workspace or unreadable: the op itself will be refused
  }
}

export function bridgePaths(bridge: () => Promise<BridgeClient>): WorkspacePaths {
  return {
    realPaths: async (input) => {
      const b = await bridge().catch(() => null);
      if (!b) return [];
      const p = path.posix.normalize(input);
      const [target, folder] = await Promise.all([resolved(b, p), resolved(b, path.posix.dirname(p))]);
      const out = target === null ? [] : [target];
      if (folder !== null) out.push(path.posix.join(folder, path.posix.basename(p)));
      return out;
    },
    readText: async (p) => {
      const b = await bridge().catch(() => null);
      try {
        return b ? (await b.fs.read({ path: p, maxBytes: 1024 * 1024 })).content : null;
      } catch {
        return null;
      }
    },
    pushTarget: async (input) => {
      const b = await bridge().catch(() => null);
      return b ? resolvePushTarget(b, input).catch(() => null) : null;
    },
  };
}
