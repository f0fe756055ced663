// package.json is an ordinary project file (dependencies, test scripts the person runs on purpose),
// except for the lifecycle scripts npm/yarn/pnpm run by themselves on install: a change to one of
// those runs code on the next `npm install`, so in "ask" mode it waits for approval.
import type { ExecLaterRule } from "./exec-later";

const INSTALL_SCRIPTS = [
  "preinstall",
  "install",
  "postinstall",
  "dependencies",
  "prepublish",
  "preprepare",
  "prepare",
  "postprepare",
];

const RULE: ExecLaterRule = {
  id: "package-install-script",
  reason: "package managers run install scripts (preinstall, postinstall, prepare ...) on the next install",
};

function installScripts(text: string): Record<string, unknown> | null {
  try {
    const json = JSON.parse(text) as { scripts?: Record<string, unknown> };
    const scripts =
      json && typeof json === "object" && json.scripts && typeof json.scripts === "object"
        ? json.scripts
        : {};
    return Object.fromEntries(INSTALL_SCRIPTS.map((k) => [k, scripts[k] ?? null]));
  } catch {
    return null;
  }
}

/** The rule when `after` adds or changes an install-time script (or cannot be read as JSON). */
export function installScriptChange(before: string | null, after: string): ExecLaterRule | null {
  const next = installScripts(after);
  if (!next) return RULE;
  const prev =
    before === null ? Object.fromEntries(INSTALL_SCRIPTS.map((k) => [k, null])) : installScripts(before);
  if (!prev) return Object.values(next).some((v) => v !== null) ? RULE : null;
  return INSTALL_SCRIPTS.some((k) => JSON.stringify(prev[k]) !== JSON.stringify(next[k])) ? RULE : null;
}

/** editFile's result, computed the way fs:edit does (exact string; every match when several expected). */
export function applyEdit(text: string, oldString: string, newString: string, all: boolean): string {
  return all ? text.split(oldString).join(newString) : text.replace(oldString, () => newString);
}
