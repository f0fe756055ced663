import type { Socket } from "socket.io-client";
import { GIT_CREDENTIAL_EVENT, type GitCredentialAnswer, GitCredentialAsk } from "../protocol/index";

/** Decides whether an ask gets the person's credentials (the web server's git-credentials module). */
export type GitCredentialHandler = (ask: GitCredentialAsk) => Promise<GitCredentialAnswer>;

const ANSWER_TIMEOUT_MS = 12_000;

/**
 * Answers the bridge's `git:credential` asks on this socket. The bridge is untrusted: an ask
 * that is malformed or has no ack gets nothing, the handler's failure answers null, and every
 * ask is answered within the timeout, so a hostile bridge cannot crash or pile up work here.
 */
export function answerGitCredentials(
  socket: Socket,
  handler: GitCredentialHandler,
  timeoutMs = ANSWER_TIMEOUT_MS,
): void {
  socket.on(GIT_CREDENTIAL_EVENT, (raw: unknown, ack: unknown) => {
    if (typeof ack !== "function") return;
    const reply = ack as (answer: GitCredentialAnswer) => void;
    const ask = GitCredentialAsk.safeParse(raw);
    if (!ask.success) return reply(null);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((r) => {
      timer = setTimeout(() => r(null), timeoutMs);
    });
    Promise.race([handler(ask.data), late])
      .catch((e: unknown) => {
        console.error("[bridge client] git credential handler failed:", e);
        return null;
      })
      .then((answer) => {
        clearTimeout(timer);
        reply(answer);
      });
  });
}
