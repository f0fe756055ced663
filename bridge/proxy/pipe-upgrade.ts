// One HTTP/1.1 upgrade relay, used by the bridge (→ code-server, dev servers) and by the web server's
// workspace proxy (→ the bridge). Whatever the upstream answers, it ends in a status line to the client
// or a piped pair of sockets, never an exception: the upstream is untrusted on both hops.
import { type IncomingMessage, type RequestOptions, request } from "node:http";
import type { Duplex } from "node:stream";

/** Answers a raw upgrade socket with a bodiless status and closes it. */
export function rawReply(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export type UpgradeHooks = {
  /** Traffic from upstream (activity tracking). */
  onData?: () => void;
  /** The upstream could not be reached; the client got a 502. */
  onError?: (err: Error) => void;
  /** The pair was piped: the caller may track it to close it later. */
  onOpen?: (client: Duplex, upstream: Duplex) => void;
};

const SAFE_LINE = /^[^\r\n]*$/;

export function pipeUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: RequestOptions,
  hooks: UpgradeHooks = {},
): void {
  const upstream = request({ ...target, method: req.method, path: target.path ?? req.url });
  socket.on("error", () => upstream.destroy());
  upstream.on("upgrade", (up, upSocket, upHead) => {
    const lines = [`HTTP/1.1 ${up.statusCode} ${up.statusMessage ?? ""}`];
    for (let i = 0; i < up.rawHeaders.length; i += 2) {
      const [k, v] = [up.rawHeaders[i] ?? "", up.rawHeaders[i + 1] ?? ""];
      if (SAFE_LINE.test(k) && SAFE_LINE.test(v)) lines.push(`${k}: ${v}`);
    }
    if (socket.destroyed) return upSocket.destroy();
    socket.write(`${lines.join("\r\n")}\r\n\r\n`);
    if (upHead.length) socket.write(upHead);
    if (hooks.onData) upSocket.on("data", hooks.onData);
    upSocket.pipe(socket).pipe(upSocket);
    upSocket.on("error", () => socket.destroy());
    upSocket.on("close", () => socket.destroy());
    socket.on("close", () => upSocket.destroy());
    hooks.onOpen?.(socket, upSocket);
  });
  upstream.on("response", (up) => {
    up.resume();
    rawReply(
      socket,
      up.statusCode ?? 502,
      SAFE_LINE.test(up.statusMessage ?? "") ? (up.statusMessage ?? "") : "",
    );
  });
  upstream.on("error", (err) => {
    hooks.onError?.(err);
    rawReply(socket, 502, "Bad Gateway");
  });
  if (head.length) upstream.write(head);
  upstream.end();
}
