// Where a push really goes, decided before any token is fetched. The repository's config is
// untrusted (origin, pushurl and url.*.insteadOf can all name another host), so the bridge is
// asked for the URL git would really use, and the person's GitHub token is offered only when
// that URL is https on the configured GitHub host (plus KALPANA_ALLOWED_GIT_HOSTS in tests).
// The push then names that exact URL, and the bridge's askpass answers only for its origin.
import type { BridgeClient } from "@kalpana/bridge/client";
import { redactUrlCredentials } from "@kalpana/bridge/protocol";
import { onAllowedHost } from "../../../contract/repo-url";
import { config } from "../../config";
import { gitHosts } from "../../workspaces/validate";

export type PushTarget = {
  url: string;
  branch: string | null;
  /** Whether the person's token may go along (https on the configured GitHub host). */
  credentials: boolean;
  /** Why not, in words for the person and the model. */
  why?: string;
};

/** null when `url` may receive the token, else the reason it may not. */
export function refuseCredentials(url: string): string | null {
  const github = new URL(config().GITHUB_URL);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `${displayUrl(url)} is not an https URL on ${github.host}`; // scp-style ssh, a path
  }
  if (u.username || u.password) return "the URL carries credentials of its own";
  return onAllowedHost(u, gitHosts())
    ? null
    : `${displayUrl(url)} is not an ${github.protocol.slice(0, -1)} URL on ${github.host}`;
}

/** The URL without any userinfo, safe to show and store. */
export function displayUrl(url: string): string {
  return redactUrlCredentials(url, "");
}

/** The URL git would really push to (pushurl and insteadOf applied, by the bridge) and the branch. */
export async function resolvePushTarget(
  bridge: BridgeClient,
  input: { remote?: string; branch?: string; cwd?: string },
): Promise<PushTarget> {
  const cwd = input.cwd ?? ".";
  const [{ url }, branch] = await Promise.all([
    bridge.git.remote({ cwd, remote: input.remote ?? "origin", push: true }),
    input.branch ? Promise.resolve(input.branch) : bridge.git.status({ cwd }).then((s) => s.branch),
  ]);
  const why = refuseCredentials(url);
  return { url, branch, credentials: why === null, ...(why ? { why } : {}) };
}

/** The approval card's line: the exact URL and branch, and whether the token goes along. */
export function describePush(t: PushTarget): string {
  const where = `Push ${t.branch ?? "(detached HEAD)"} to ${displayUrl(t.url)}`;
  return t.credentials ? `${where} with your GitHub credentials` : `${where} without credentials (${t.why})`;
}
