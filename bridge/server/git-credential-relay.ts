// The in-container end of terminal git's credentials. The image's credential helper
// (ops/git/credential-helper.ts) posts git's ask to a unix socket here; the bridge relays it to
// the ONE web-server connection that said in its handshake that it answers asks, and hands back
// whatever that answers. The bridge holds no token and decides nothing: which host, whether the
// owner is signed in and whether the workspace runs are the control plane's checks. The socket
// sits in a 0700 folder with a random key beside it (not the bridge secret, which would let its
// holder run commands): only this container's user reaches it, never the network or a preview.
import * as fsp from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { Socket } from "socket.io";
import {
  CREDENTIAL_KEY,
  CREDENTIAL_KEY_HEADER,
  CREDENTIAL_SOCKET,
  GIT_CREDENTIAL_EVENT,
  GitCredentialAnswer,
  GitCredentialAsk,
} from "../protocol/index";
import { secretMatches } from "./auth";
import { prepareKeyedSocket } from "./keyed-socket";
import { log } from "./log";

const ASK_TIMEOUT_MS = 15_000;
const MAX_BODY_BYTES = 8 * 1024;
// git asks once per operation (twice after a refusal): this only stops a flood of asks.
const MAX_IN_FLIGHT = 4;
const MAX_PER_MINUTE = 60;

/** Connections that answer asks; the newest one answers (the web server's current client). */
export class CredentialProviders {
  private sockets: Socket[] = [];

  add(socket: Socket): void {
    this.sockets.push(socket);
    socket.once("disconnect", () => {
      this.sockets = this.sockets.filter((s) => s !== socket);
    });
  }

  /** The provider's answer, or null (none connected, no reply in time, malformed reply). */
  async ask(req: GitCredentialAsk): Promise<GitCredentialAnswer> {
    const socket = this.sockets.at(-1);
    if (!socket) return null;
    try {
      const raw: unknown = await socket.timeout(ASK_TIMEOUT_MS).emitWithAck(GIT_CREDENTIAL_EVENT, req);
      const answer = GitCredentialAnswer.safeParse(raw);
      return answer.success ? answer.data : null;
    } catch {
      return null;
    }
  }
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BODY_BYTES) return null;
  }
  return body;
}

function parseAsk(body: string | null): GitCredentialAsk | null {
  try {
    const ask = GitCredentialAsk.safeParse(JSON.parse(body ?? ""));
    return ask.success ? ask.data : null;
  } catch {
    return null;
  }
}

/** Listens on `<dir>/credential.sock`; `<dir>/key` holds the key the helper must send. */
export async function startCredentialRelay(
  dir: string,
  providers: CredentialProviders,
): Promise<{ close(): Promise<void> }> {
  const { key, socketPath } = await prepareKeyedSocket(dir, CREDENTIAL_KEY, CREDENTIAL_SOCKET);
  let inFlight = 0;
  let recent: number[] = [];
  const server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST" || req.url !== "/get") return reply(404, null);
    if (!secretMatches(key, req.headers[CREDENTIAL_KEY_HEADER])) return reply(401, null);
    const ask = parseAsk(await readBody(req));
    if (!ask) return reply(400, null);
    const now = Date.now();
    recent = recent.filter((t) => now - t < 60_000);
    if (inFlight >= MAX_IN_FLIGHT || recent.length >= MAX_PER_MINUTE) {
      log("warn", "git credential ask refused: too many", { host: ask.host });
      return reply(429, null);
    }
    recent.push(now);
    inFlight++;
    try {
      const answer = await providers.ask(ask);
      // Who asked for which host and whether an answer came; never the answer itself.
      log("info", "git credential ask", {
        protocol: ask.protocol,
        host: ask.host,
        answered: answer !== null,
      });
      reply(200, answer);
    } finally {
      inFlight--;
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  await fsp.chmod(socketPath, 0o600);
  return {
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
}
