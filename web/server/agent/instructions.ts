// The system instructions: who the agent is, what workspace it is in, and a capped look at the
// project (top of the file tree, AGENTS.md or README). Everything from the workspace is best effort
// and bounded, so a huge or unreadable repo never blocks or bloats an answer.
import type { BridgeClient } from "@kalpana/bridge/client";

const TREE_LIMIT = 120;
const DOC_CHARS = 3000;

export type WorkspaceFacts = {
  name: string;
  template: string;
  repoUrl: string | null;
  branch: string | null;
};

async function projectDoc(bridge: BridgeClient): Promise<string> {
  for (const file of ["AGENTS.md", "README.md", "readme.md"]) {
    try {
      const r = await bridge.fs.read({ path: file, maxBytes: 64 * 1024, startLine: 1, endLine: 120 });
      const text = r.content.slice(0, DOC_CHARS);
      return `\n## ${file} (excerpt)\n${text}${r.content.length > DOC_CHARS || r.hasMore ? "\n…" : ""}\n`;
    } catch {
      // missing or unreadable: try the next one
    }
  }
  return "";
}

async function treeSummary(bridge: BridgeClient): Promise<string> {
  try {
    const t = await bridge.fs.tree({ path: ".", depth: 2, limit: TREE_LIMIT });
    const lines = t.entries.map(
      (e) =>
        `${"  ".repeat(Math.max(0, e.depth - 1))}${e.path.split("/").pop()}${e.type === "dir" ? "/" : ""}`,
    );
    return `\n## Files (top levels${t.truncated ? ", truncated" : ""})\n${lines.join("\n") || "(empty)"}\n`;
  } catch {
    return "";
  }
}

export async function buildInstructions(w: WorkspaceFacts, bridge: BridgeClient | null): Promise<string> {
  const repo = w.repoUrl ? `${w.repoUrl}${w.branch ? ` (branch ${w.branch})` : ""}` : "none (a fresh folder)";
  const [tree, doc] = bridge ? await Promise.all([treeSummary(bridge), projectDoc(bridge)]) : ["", ""];
  return `You are Kalpana's coding agent, working inside the person's cloud workspace "${w.name}".
The project lives in /workspace (all paths are relative to it). Template: ${w.template}. Repository: ${repo}.
The person sees the same files in VS Code next to this chat.

How to work:
- Look before you change: list, search and read the relevant files first.
- Prefer editFile (exact, unique replacements) over rewriting whole files.
- Run commands with runCommand (they run in bash with the workspace's Nix toolchain); use startBackground for servers and watchers, then readOutput.
- Some commands wait for the person's approval; if one is denied, do not retry it, explain or choose another way.
- Commit only when asked. Never force-push unless explicitly asked.
- Keep answers short; use Markdown and fenced code blocks with a language.
${tree}${doc}`;
}
