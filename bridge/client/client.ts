import type { Socket } from "socket.io-client";
import {
  type EventPayload,
  type OutputChunk,
  type Params,
  REQUEST_EVENTS,
  type Reply,
  type RequestEvent,
  type Result,
} from "../protocol/index";
import { BridgeError } from "./errors";
import { ChunkQueue } from "./exec-stream";

export interface ConnectOptions {
  /** Default per-call timeout (ms); long operations add their own timeout on top. */
  timeoutMs?: number;
  /** How long connectBridge keeps trying before rejecting with EUNAVAILABLE. */
  connectTimeoutMs?: number;
}
export interface CallOptions {
  timeoutMs?: number;
  /** git:clone / git:fetch progress for this call. */
  onProgress?: (p: EventPayload<"git:progress">) => void;
}
type Fn<E extends RequestEvent> = (params: Params<E>, opts?: CallOptions) => Promise<Result<E>>;
type Domain<E> = E extends `${infer D}:${string}` ? D : never;
type Verb<E, D extends string> = E extends `${D}:${infer V}` ? V : never;
/** `client.fs.read(...)`, `client.git.commit(...)`: one typed method per protocol event. */
export type BridgeApi = {
  [D in Domain<RequestEvent>]: { [V in Verb<RequestEvent, D>]: Fn<Extract<RequestEvent, `${D}:${V}`>> };
};
export interface ExecStream extends AsyncIterable<OutputChunk> {
  execId: string;
  result: Promise<Result<"exec:run">>;
  cancel(): Promise<boolean>;
}
export interface BridgeClient extends BridgeApi {
  call<E extends RequestEvent>(event: E, params: Params<E>, opts?: CallOptions): Promise<Result<E>>;
  execStream(params: Params<"exec:run">, opts?: CallOptions): ExecStream;
  readonly connected: boolean;
  readonly socket: Socket;
  close(): void;
}

/** Calls whose duration the caller chooses get that duration plus a margin as their timeout. */
function callTimeout(event: RequestEvent, params: unknown, fallback: number): number {
  const own = (params as { timeoutMs?: unknown }).timeoutMs;
  if (typeof own === "number") return own + 15_000;
  if (event === "exec:run") return 135_000;
  if (event === "git:clone" || event === "git:fetch" || event === "git:push") return 615_000;
  return fallback;
}

/** Wraps a connected socket: pending calls, per-call timeouts, stream routing, typed methods. */
export function createClient(socket: Socket, defaultTimeout: number): BridgeClient {
  const prefix = Math.random().toString(36).slice(2, 8);
  let counter = 0;
  const pending = new Map<string, (reply: Reply<unknown>) => void>();
  const streams = new Map<string, ChunkQueue>();
  const progress = new Map<string, (p: EventPayload<"git:progress">) => void>();
  socket.on("exec:chunk", (c: EventPayload<"exec:chunk">) => streams.get(c.execId)?.push(c));
  socket.on("git:progress", (p: EventPayload<"git:progress">) => progress.get(p.opId)?.(p));
  // In-flight calls cannot be answered by a new connection: fail them now instead of hanging.
  socket.on("disconnect", () => {
    for (const settle of pending.values()) {
      settle({ id: null, ok: false, error: { code: "EUNAVAILABLE", message: "bridge connection lost" } });
    }
  });

  function call<E extends RequestEvent>(
    event: E,
    params: Params<E>,
    opts: CallOptions = {},
    id = `${prefix}-${++counter}`,
  ): Promise<Result<E>> {
    if (!socket.connected) return Promise.reject(new BridgeError("EUNAVAILABLE", "bridge is not connected"));
    return new Promise<Result<E>>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          settle({ id, ok: false, error: { code: "ETIMEOUT", message: `${event} got no reply in time` } }),
        opts.timeoutMs ?? callTimeout(event, params, defaultTimeout),
      );
      const settle = (reply: Reply<unknown>) => {
        if (!pending.delete(id)) return;
        clearTimeout(timer);
        progress.delete(id);
        if (reply.ok) resolve(reply.data as Result<E>);
        else reject(new BridgeError(reply.error.code, reply.error.message));
      };
      pending.set(id, settle);
      if (opts.onProgress) progress.set(id, opts.onProgress);
      socket.emit(event, { ...params, id }, settle);
    });
  }

  function execStream(params: Params<"exec:run">, opts: CallOptions = {}): ExecStream {
    const execId = `${prefix}-${++counter}`;
    const queue = new ChunkQueue();
    streams.set(execId, queue);
    const result = call("exec:run", params, opts, execId);
    result
      .then(
        (r) => queue.finish(r),
        (e) => queue.fail(e),
      )
      .finally(() => streams.delete(execId));
    return {
      execId,
      result,
      cancel: async () => (await call("exec:cancel", { execId })).cancelled,
      [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
    };
  }

  const api: Record<string, Record<string, unknown>> = {};
  for (const event of REQUEST_EVENTS) {
    const [domain = "", verb = ""] = event.split(":");
    api[domain] ??= {};
    api[domain]![verb] = (params: never, opts?: CallOptions) => call(event, params, opts);
  }
  const client = {
    call,
    execStream,
    socket,
    close: () => socket.close(),
    get connected() {
      return socket.connected;
    },
  };
  // Object.assign onto `client` (not from it) so the `connected` getter stays live.
  return Object.assign(client, api) as unknown as BridgeClient;
}
