// Keeps terminal git answerable: the bridge relays a credential ask only to a web connection that
// said it answers asks, which is each RUNNING workspace's shared client (workspaces/bridge.ts).
// Started with the server: it installs the answerer, connects the shared client when a workspace
// becomes RUNNING, and re-checks every running workspace periodically (a restarted web server, a
// replaced container, a dropped connection). A stop or delete closes the client (lifecycle), and
// the answerer refuses anything not RUNNING in any case.
import { listByStatus } from "../db/workspaces";
import { githubToken } from "../github/github";
import { logger } from "../log/log";
import { answerGitCredentialsWith, sharedBridge } from "../workspaces/bridge";
import { subscribeWorkspaceEvents } from "../workspaces/events";
import { answerGitCredential, type CredentialDeps } from "./answer";

const log = logger("git-credentials");

const connect = (id: string) =>
  sharedBridge(id).catch((err: Error) =>
    log.debug({ workspaceId: id, err: err.message }, "no bridge for git credentials yet"),
  );

/** Returns the stop function. `deps` is for tests (a token without a GitHub sign-in). */
export function startGitCredentials(
  deps: CredentialDeps = { token: githubToken },
  sweepMs = 30_000,
): () => void {
  answerGitCredentialsWith((id, ask) => answerGitCredential(id, ask, deps));
  const unsubscribe = subscribeWorkspaceEvents((m) => {
    if (m.event === "workspace:status" && m.payload.status === "RUNNING") void connect(m.id);
  });
  const sweep = () =>
    listByStatus(["RUNNING"])
      .then((rows) => Promise.all(rows.map((w) => connect(w.id))))
      .catch((err: Error) => log.error({ err: err.message }, "git credentials sweep failed"));
  void sweep();
  const timer = setInterval(sweep, sweepMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    unsubscribe();
    answerGitCredentialsWith(null);
  };
}
