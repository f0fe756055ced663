// Commands that ALWAYS need the person's approval, even in "auto" mode. The command is parsed
// with a real Bash parser (shell/parse.ts) and walked the way Bash would run it (shell/analyze.ts):
// quoting, $'…' escapes, variables, IFS splitting, brace expansion, pipelines, subshells, command
// substitution, heredocs, eval, bash -c, sudo/env/xargs/find -exec wrappers, redirections. What
// cannot be parsed needs approval too. Still a seatbelt, not a sandbox: shell text can hide intent
// in ways no static reading sees (docs/AGENT.md lists the measured misses); the container is the wall.

import { logger } from "../log/log";
import { analyze } from "./shell/analyze";
import { type Finding, mostSpecific } from "./shell/findings";

export type DangerRule = Finding;
export { RULES as DANGER_RULES } from "./shell/findings";

/** The most specific rule the command breaks, or null. */
export function dangerousCommand(command: string): DangerRule | null {
  try {
    return mostSpecific(analyze(command));
  } catch (e) {
    // A parser or analysis failure must never let a command through unseen: it needs approval.
    logger("agent").error({ err: (e as Error)?.message ?? e }, "command classifier failed");
    return { id: "unparsable", reason: "could not be checked" };
  }
}
