import { io } from "socket.io-client";
import { type BridgeClient, type ConnectOptions, createClient } from "./client";
import { receiveEditorContext } from "./editor-context";
import { BridgeError } from "./errors";
import { answerGitCredentials } from "./git-credential";

/** Largest frame the client accepts from a bridge. */
export const MAX_REPLY_FRAME_BYTES = 64 * 1024 * 1024;

export type { BridgeApi, BridgeClient, CallOptions, ConnectOptions, ExecStream } from "./client";
export { BridgeError } from "./errors";
export type { GitCredentialHandler } from "./git-credential";
export { type McpExit, type McpSession, type McpSessionHandlers, openMcpSession } from "./mcp-session";
export { waitForBridge } from "./wait";

/** Connect with the workspace secret. Rejects with EAUTH (wrong secret) or EUNAVAILABLE. */
export async function connectBridge(
  url: string,
  secret: string,
  opts: ConnectOptions = {},
): Promise<BridgeClient> {
  const socket = io(url, {
    // gitCredentials: this connection answers the bridge's credential asks (its newest such one).
    // editorContext: push the editor extension's reports here (editor-context.ts).
    auth: {
      secret,
      ...(opts.onGitCredential ? { gitCredentials: true } : {}),
      ...(opts.onEditorContext ? { editorContext: true } : {}),
    },
    transports: ["websocket"],
    reconnectionDelay: 200,
    reconnectionDelayMax: 5000,
    timeout: 5000,
    // ws's own frame limit (engine.io-client passes it through): a legit reply is at most a
    // 16 MiB read as base64 or 16 MiB of command output, JSON-escaped. A bigger frame closes
    // the connection instead of being buffered by the web server.
    ...({ maxPayload: MAX_REPLY_FRAME_BYTES } as object),
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => done(new BridgeError("EUNAVAILABLE", `bridge at ${url} did not answer`)),
      opts.connectTimeoutMs ?? 10_000,
    );
    const onError = (e: Error & { data?: { code?: string } }) => {
      if (e.data?.code === "EAUTH") done(new BridgeError("EAUTH", "the bridge refused the workspace secret"));
    };
    const done = (err?: BridgeError) => {
      clearTimeout(timer);
      socket.off("connect", onConnect).off("connect_error", onError);
      if (err) {
        socket.close();
        reject(err);
      } else resolve();
    };
    const onConnect = () => done();
    socket.on("connect", onConnect).on("connect_error", onError);
  });
  if (opts.onGitCredential) answerGitCredentials(socket, opts.onGitCredential);
  if (opts.onEditorContext) receiveEditorContext(socket, opts.onEditorContext);
  return createClient(socket, opts.timeoutMs ?? 60_000);
}
