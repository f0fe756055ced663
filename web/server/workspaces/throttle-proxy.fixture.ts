// A TCP proxy whose answers trickle at `bytesPerSecond` (requests pass at full speed), so a clone
// through it takes long enough to be interrupted on purpose. Bound to 0.0.0.0 like the git server,
// so containers reach it through the bridge gateway. `fast()` lifts the limit for the retry.

import type { AddressInfo } from "node:net";
import { connect, createServer, type Socket } from "node:net";

export type ThrottleProxy = {
  port: number;
  bytesSent: () => number;
  fast: () => void;
  close: () => Promise<void>;
};

export async function startThrottleProxy(targetPort: number, bytesPerSecond: number): Promise<ThrottleProxy> {
  let limit = bytesPerSecond;
  let sent = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => {
      sent += chunk.length;
      if (!Number.isFinite(limit)) return void client.write(chunk);
      upstream.pause();
      client.write(chunk);
      setTimeout(() => upstream.resume(), (chunk.length / limit) * 1000);
    });
    upstream.on("end", () => client.end());
  });
  await new Promise<void>((r) => server.listen(0, "0.0.0.0", r));
  return {
    port: (server.address() as AddressInfo).port,
    bytesSent: () => sent,
    fast: () => {
      limit = Number.POSITIVE_INFINITY;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
