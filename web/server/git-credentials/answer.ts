// The control plane's half of terminal git (the person's `git push` in VS Code's terminal or
// Source Control view): the image's credential helper asks through the bridge, and this decides.
// The ask comes from inside the container, so it is untrusted and the answer is given only when
// every rule holds, checked afresh on each ask:
//   - the URL is https on the configured GitHub host (KALPANA_ALLOWED_GIT_HOSTS adds test hosts),
//     the same rule as clones and the agent's push (contract/repo-url onAllowedHost);
//   - the workspace is RUNNING (STARTING, STOPPING, STOPPED, ERROR or deleted: nothing);
//   - its owner is signed in (a live session), so signing out ends terminal pushes at once;
//   - the owner has a GitHub token.
// Every decision is audited ("git.credential", granted or refused with the reason); a flood of
// asks is cut by a per-workspace rate limit (logged, not audited, so it cannot flood the table).
import type { GitCredentialAnswer, GitCredentialAsk } from "@kalpana/bridge/protocol";
import { onAllowedHost } from "../../contract/repo-url";
import { audit } from "../audit/audit";
import { hasLiveSession } from "../db/accounts";
import { findWorkspace } from "../db/workspaces";
import { take } from "../http/rate-limit";
import { logger } from "../log/log";
import { gitHosts } from "../workspaces/validate";

const log = logger("git-credentials");

export type CredentialDeps = {
  /** The owner's GitHub token (github/github.ts githubToken), null when none is linked. */
  token: (userId: string) => Promise<string | null>;
};

// git asks once per operation (twice after a rejected answer); a busy terminal stays far below.
const RATE = { perMinute: 30, burst: 10 };

/** Where the ask points, for the rule and the audit row (git's path only when it sent one). */
function askUrl(ask: GitCredentialAsk): URL | null {
  try {
    return new URL(`${ask.protocol}://${ask.host}/${ask.path ?? ""}`);
  } catch {
    return null;
  }
}

/** The first rule that fails, or the token when none does. */
async function decide(
  w: { userId: string; status: string },
  url: URL | null,
  deps: CredentialDeps,
): Promise<{ refused: string; token?: undefined } | { refused: null; token: string }> {
  if (!url || !onAllowedHost(url, gitHosts())) return { refused: "not the configured GitHub host" };
  if (w.status !== "RUNNING") return { refused: `the workspace is ${w.status.toLowerCase()}` };
  if (!(await hasLiveSession(w.userId))) return { refused: "the owner is signed out" };
  const token = await deps.token(w.userId);
  return token ? { refused: null, token } : { refused: "no GitHub account linked" };
}

/** Answers one ask for `workspaceId`: the owner's token, or null with the reason audited. */
export async function answerGitCredential(
  workspaceId: string,
  ask: GitCredentialAsk,
  deps: CredentialDeps,
): Promise<GitCredentialAnswer> {
  const started = performance.now();
  const w = await findWorkspace(workspaceId);
  if (!w) return null;
  if (take("git-credential", workspaceId, RATE) > 0) {
    log.warn({ workspaceId }, "git credential asks over the rate limit");
    return null;
  }
  const url = askUrl(ask);
  const { refused, token } = await decide(w, url, deps);
  await audit({
    userId: w.userId,
    workspaceId,
    action: "git.credential",
    summary: url ? `${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}` : ask.host,
    outcome: refused ? `refused: ${refused}` : "granted",
    durationMs: performance.now() - started,
  });
  return token ? { username: "x-access-token", password: token } : null;
}
