// Keeps terminal git answerable: the bridge relays a credential ask only to a web connection that
// said it answers asks, which is each RUNNING workspace's shared client (workspaces/bridge.ts).
// Started with the server: it installs the answerer, connects the shared client when a workspace
// becomes RUNNING, and re-checks every running workspace periodically (a restarted web server, a
// replaced container, a dropped connection). A stop or delete closes the client (lifecycle), and
// the answerer refuses anything not RUNNING in any case.
import { findWorkspace, listByStatus } from "../db/workspaces";
import { githubToken } from "../github/github";
import { logger } from "../log/log";
import { answerGitCredentialsWith, closeSharedBridge, sharedBridge } from "../workspaces/bridge";
import { subscribeWorkspaceEvents } from "../workspaces/events";
import { answerGitCredential, type CredentialDeps } from "./answer";

const log = logger("git-credentials");

/**
 * Connects the shared client; a workspace that left RUNNING meanwhile (a stop racing the sweep)
 * gets it closed again, or socket.io would keep dialling a dead port for good.
 */
async function connect(id: string): Promise<void> {
  try {
    await sharedBridge(id);
    if ((await findWorkspace(id))?.status !== "RUNNING") closeSharedBridge(id);
  } catch (err) {
    log.debug({ workspaceId: id, err: (err as Error).message }, "no bridge for git credentials yet");
  }
}

/** Returns the stop function. `deps` is for tests (a token without a GitHub sign-in). */
export function startGitCredentials(
  deps: CredentialDeps = { token: githubToken },
  sweepMs = 30_000,
): () => void {
  answerGitCredentialsWith((id, ask) => answerGitCredential(id, ask, deps));
  const unsubscribe = subscribeWorkspaceEvents((m) => {
    if (m.event !== "workspace:status") return;
    if (m.payload.status === "RUNNING") void connect(m.id);
    // A container that died (reconciler: ERROR/STOPPED) leaves no client behind either.
    else if (m.payload.status === "STOPPED" || m.payload.status === "ERROR") closeSharedBridge(m.id);
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
