// A fake bridge that speaks the protocol WRONGLY, on purpose: a real socket.io Server in the
// test process, with the real secret check, whose answers are chosen by the request itself
// (fs:read's `path`, exec:run's `command`, git:clone's `url`). It stands in for whatever a
// workspace process puts on the bridge's port after killing the real bridge.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket } from "socket.io";

export interface HostileBridge {
  url: string;
  secret: string;
  io: Server;
  close(): Promise<void>;
}

type Ack = (...args: unknown[]) => void;
const validRead = (id: string) => ({
  id,
  ok: true,
  data: { path: "f", content: "ok", encoding: "utf8", size: 2, mtimeMs: 1 },
});
const execResult = (id: string, lastSeq: number) => ({
  id,
  ok: true,
  data: {
    execId: id,
    pid: 1,
    exitCode: 0,
    signal: null,
    timedOut: false,
    cancelled: false,
    durationMs: 1,
    output: [],
    truncated: false,
    lastSeq,
  },
});

/** Send a raw socket.io ACK packet for `ackId`: lets the fake answer twice, which socket.io's own ack() refuses. */
function rawAck(socket: Socket, ackId: number, args: unknown[]): void {
  socket.conn.write(`3${ackId}${JSON.stringify(args)}`);
}

function onRead(socket: Socket, id: string, scenario: string, ack: Ack, ackId: () => number) {
  switch (scenario) {
    case "null-ack":
      return ack(null);
    case "string-ack":
      return ack("hello");
    case "no-args":
      return ack();
    case "two-args":
      return ack(validRead(id), "extra");
    case "wrong-type":
      return ack({ id, ok: true, data: { path: 5, content: null } });
    case "missing-data":
      return ack({ id, ok: true });
    case "wrong-id":
      return ack(validRead("someone-else"));
    case "null-id":
      return ack({ ...validRead(id), id: null });
    case "bad-code":
      return ack({ id, ok: false, error: { code: "EHACKED", message: "x" } });
    case "huge-message":
      return ack({ id, ok: false, error: { code: "ENOENT", message: "m".repeat(5_000_000) } });
    case "never":
      return;
    case "twice": {
      const n = ackId();
      ack(validRead(id));
      rawAck(socket, n, [{ ...validRead(id), data: { ...validRead(id).data, content: "second" } }]);
      return rawAck(socket, n, [null]);
    }
    case "late":
      setTimeout(() => ack(validRead(id)), 400);
      return;
    case "huge-frame":
      // Over the client's 64 MiB frame limit.
      return ack({
        ...validRead(id),
        data: { ...validRead(id).data, content: "x".repeat(70 * 1024 * 1024) },
      });
    case "disconnect":
      socket.disconnect(true);
      return;
    case "parse-error":
      socket.conn.write("2[not json");
      return;
    case "flood-unknown":
      for (let i = 0; i < 20_000; i++) {
        socket.emit("exec:chunk", { execId: `nobody-${i}`, seq: i, stream: "stdout", data: "x".repeat(64) });
        socket.emit("git:progress", { opId: `nobody-${i}`, phase: "x", percent: 1, overall: 1 });
        socket.emit("exec:chunk", { bogus: true });
        socket.emit("made:up", { id });
      }
      return ack(validRead(id));
    default:
      return ack(validRead(id));
  }
}

function onExec(socket: Socket, id: string, scenario: string, ack: Ack) {
  const chunk = (seq: number, data = "out") =>
    socket.emit("exec:chunk", { execId: id, seq, stream: "stdout", data });
  switch (scenario) {
    case "bad-chunk":
      socket.emit("exec:chunk", { execId: id, seq: "zero", stream: "stdout" });
      return; // never answers: the malformed event alone must end the call
    case "dup-seq":
      chunk(0);
      chunk(0);
      return;
    case "gap":
      chunk(5000);
      return;
    case "lastseq-lie":
      return ack(execResult(id, 10));
    case "chunk-flood":
      for (let i = 0; i < 50_000; i++) chunk(i, "y".repeat(1024));
      return ack(execResult(id, 49_999));
    default:
      chunk(0, "hello ");
      chunk(1, "world");
      return ack(execResult(id, 1));
  }
}

function onClone(socket: Socket, id: string, scenario: string, ack: Ack) {
  const done = () => ack({ id, ok: true, data: { path: ".", branch: "main", commit: null } });
  if (scenario === "progress-flood") {
    for (let i = 0; i < 20_000; i++)
      socket.emit("git:progress", { opId: id, phase: "x", percent: 1, overall: 1 });
    return;
  }
  if (scenario === "bad-progress") {
    socket.emit("git:progress", { opId: id, phase: 7 });
    return;
  }
  socket.emit("git:progress", { opId: id, phase: "receiving", percent: 50, overall: 40 });
  done();
}

export async function startHostileBridge(secret = "h".repeat(32)): Promise<HostileBridge> {
  const http = createServer();
  const io = new Server(http, { maxHttpBufferSize: 16 * 1024 * 1024 });
  io.use((socket, next) =>
    (socket.handshake.auth as { secret?: string }).secret === secret
      ? next()
      : next(Object.assign(new Error("EAUTH"), { data: { code: "EAUTH" } })),
  );
  io.on("connection", (socket) => {
    // socket.io hides a request's ack id; read it from the raw frame to be able to answer twice.
    let lastAckId = -1;
    socket.conn.on("message", (data: unknown) => {
      const m = /^2(\d+)\[/.exec(String(data));
      if (m) lastAckId = Number(m[1]);
    });
    socket.onAny(
      (event: string, payload: { id: string; path?: string; command?: string; url?: string }, ack: Ack) => {
        if (typeof ack !== "function") return;
        if (event === "fs:read") onRead(socket, payload.id, payload.path ?? "", ack, () => lastAckId);
        else if (event === "exec:run") onExec(socket, payload.id, payload.command ?? "", ack);
        else if (event === "git:clone") onClone(socket, payload.id, payload.url ?? "", ack);
        else ack(null);
      },
    );
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secret,
    io,
    close: () => new Promise((r) => io.close(() => r())),
  };
}
