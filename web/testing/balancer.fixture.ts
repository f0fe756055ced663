// One address in front of several web servers, as a load balancer puts it: every HTTP request and
// every upgrade (socket.io, the IDE's WebSockets) goes to the next backend in turn, or to the one a
// test names. Per request, not per connection, so keep-alive cannot hide which server answered.
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";

export type Balancer = {
  port: number;
  /** The web servers behind it (set once they listen: they need the balancer's address first). */
  setBackends: (ports: number[]) => void;
  /** Sends what follows to backend `i` only; null goes back to taking turns. */
  pin: (i: number | null) => void;
  /** Requests and upgrades each backend got. */
  counts: number[];
  close: () => Promise<void>;
};

export async function startBalancer(): Promise<Balancer> {
  let turn = 0;
  let pinned: number | null = null;
  let backendPorts: number[] = [];
  const counts: number[] = [];
  const next = () => {
    const i = pinned ?? turn++ % backendPorts.length;
    counts[i]!++;
    return backendPorts[i]!;
  };
  const server = createServer((req, res) => {
    const upstream = request(
      { host: "127.0.0.1", port: next(), method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.rawHeaders);
        up.pipe(res);
      },
    );
    upstream.on("error", () => (res.headersSent ? res.destroy() : res.writeHead(502).end("backend down")));
    req.pipe(upstream);
  });
  server.on("upgrade", (req, socket, head) => {
    const up = connect(next(), "127.0.0.1", () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      up.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on("error", () => socket.destroy());
    socket.on("error", () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    setBackends: (ports) => {
      backendPorts = ports;
      counts.splice(0, counts.length, ...ports.map(() => 0));
    },
    pin: (i) => {
      pinned = i;
    },
    counts,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
