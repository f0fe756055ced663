import type { Socket } from "socket.io-client";
import {
  type EditorContext,
  type ErrorCode,
  type EventPayload,
  events,
  type OutputChunk,
  type Params,
  REQUEST_EVENTS,
  type RequestEvent,
  type Result,
  replySchemaFor,
} from "../protocol/index";
import { BridgeError } from "./errors";
import { ChunkQueue } from "./exec-stream";
import type { GitCredentialHandler } from "./git-credential";

export interface ConnectOptions {
  /** Default per-call timeout (ms); long operations add their own timeout on top. */
  timeoutMs?: number;
  /** How long connectBridge keeps trying before rejecting with EUNAVAILABLE. */
  connectTimeoutMs?: number;
  /** Answer the bridge's git credential asks on this connection (terminal git, see git-credential.ts). */
  onGitCredential?: GitCredentialHandler;
  /** Receive the editor extension's reports on this connection (validated; null: none connected). */
  onEditorContext?: (context: EditorContext | null) => void;
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
  if (typeof own === "number" && Number.isFinite(own) && own > 0) return own + 15_000;
  if (event === "exec:run") return 135_000;
  if (event === "git:clone" || event === "git:fetch" || event === "git:push") return 615_000;
  return fallback;
}

// git prints a few hundred progress lines per clone (the bridge sends one per percent change).
const MAX_PROGRESS_EVENTS = 10_000;
// Error texts reach logs, the UI and the model: a bridge cannot make them arbitrarily long.
const MAX_MESSAGE_CHARS = 4096;
// exec:run streams at most maxOutputBytes (default 1 MiB) plus a truncation marker.
const streamCap = (p: Params<"exec:run">) => (p.maxOutputBytes ?? 1024 * 1024) + 64 * 1024;

interface Pending {
  fail: (code: ErrorCode, message: string) => void;
  onProgress?: (p: EventPayload<"git:progress">) => void;
  progressEvents: number;
}

const idOf = (raw: unknown, key: string): string | undefined => {
  const v = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof v === "string" ? v : undefined;
};

/**
 * Wraps a connected socket: pending calls, per-call timeouts, stream routing, typed methods.
 *
 * Whatever answers on the bridge's port is untrusted (anything in the workspace can kill the
 * bridge and listen there). So every ack and pushed event is parsed with the protocol's zod
 * schemas before use; a reply that is malformed, for another id, or breaks the stream rules
 * fails THAT call with EPROTO. Nothing here throws inside a socket.io callback, every call
 * has a timeout (socket.io drops its ack handler when it fires), events for unknown ids are
 * dropped, and per-call buffers are capped, so a hostile bridge cannot crash, hang or grow
 * the web server.
 */
export function createClient(socket: Socket, defaultTimeout: number): BridgeClient {
  const prefix = Math.random().toString(36).slice(2, 8);
  let counter = 0;
  const pending = new Map<string, Pending>();
  const streams = new Map<string, ChunkQueue>();
  const guard =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      try {
        fn(...args);
      } catch (e) {
        // Only reachable through a bug of ours; the socket.io callback must still not throw.
        console.error("[bridge client] event handler failed:", e);
      }
    };

  socket.on(
    "exec:chunk",
    guard((raw: unknown) => {
      const execId = idOf(raw, "execId");
      const queue = execId === undefined ? undefined : streams.get(execId);
      if (!queue || execId === undefined) return; // not ours (or late): drop
      const c = events["exec:chunk"].safeParse(raw);
      const problem = c.success ? queue.push(c.data) : "malformed exec:chunk event";
      if (problem) pending.get(execId)?.fail("EPROTO", problem);
    }),
  );
  socket.on(
    "git:progress",
    guard((raw: unknown) => {
      const opId = idOf(raw, "opId");
      const call = opId === undefined ? undefined : pending.get(opId);
      if (!call?.onProgress) return;
      const p = events["git:progress"].safeParse(raw);
      if (!p.success) return call.fail("EPROTO", "malformed git:progress event");
      if (++call.progressEvents > MAX_PROGRESS_EVENTS) return call.fail("EPROTO", "git:progress flood");
      try {
        call.onProgress(p.data);
      } catch (e) {
        console.error("[bridge client] onProgress failed:", e);
      }
    }),
  );
  // In-flight calls cannot be answered by a new connection: fail them now instead of hanging.
  socket.on(
    "disconnect",
    guard(() => {
      for (const call of [...pending.values()]) call.fail("EUNAVAILABLE", "bridge connection lost");
    }),
  );

  function call<E extends RequestEvent>(
    event: E,
    params: Params<E>,
    opts: CallOptions = {},
    id = `${prefix}-${++counter}`,
  ): Promise<Result<E>> {
    if (!socket.connected) return Promise.reject(new BridgeError("EUNAVAILABLE", "bridge is not connected"));
    const schema = replySchemaFor(event);
    const timeoutMs = opts.timeoutMs ?? callTimeout(event, params, defaultTimeout);
    return new Promise<Result<E>>((resolve, reject) => {
      // socket.io keeps an ack handler per emit until the reply or its timeout; a call we end
      // early (protocol breach) drops it now, so a bridge that never answers holds nothing.
      const internals = socket as unknown as { ids?: number; acks?: Record<string, unknown> };
      const ackId = internals.ids;
      const finish = (outcome: { ok: true; data: Result<E> } | { ok: false; error: BridgeError }) => {
        if (!pending.delete(id)) return;
        clearTimeout(timer);
        const handler = typeof ackId === "number" ? internals.acks?.[ackId] : undefined;
        if (typeof handler === "function") {
          // Calling socket.io's wrapper also clears its timer (else it holds the call's closure
          // until the timeout); it re-enters onAck, which finds the call already settled.
          delete internals.acks![ackId!];
          handler(new Error("call ended"));
        }
        if (outcome.ok) resolve(outcome.data);
        else reject(outcome.error);
      };
      const fail = (code: ErrorCode, message: string) =>
        finish({ ok: false, error: new BridgeError(code, message.slice(0, MAX_MESSAGE_CHARS)) });
      // Our own timer as well as socket.io's: a frame still buffered while reconnecting has no
      // socket.io timer running, and the call must end on time either way.
      const timer = setTimeout(() => fail("ETIMEOUT", `${event} got no reply in time`), timeoutMs + 50);
      pending.set(id, { fail, onProgress: opts.onProgress, progressEvents: 0 });
      const onAck = guard((err: Error | null, ...args: unknown[]) => {
        if (err) {
          const timedOut = /timed out/.test(err.message);
          return fail(
            timedOut ? "ETIMEOUT" : "EUNAVAILABLE",
            timedOut ? `${event} got no reply in time` : "bridge connection lost",
          );
        }
        if (args.length !== 1) return fail("EPROTO", `${event}: the reply has ${args.length} values`);
        const reply = schema.safeParse(args[0]);
        if (!reply.success) {
          const where = reply.error.issues[0]?.path.map(String).join(".") || "reply";
          return fail("EPROTO", `${event}: malformed reply (${where})`);
        }
        if (reply.data.id !== id) return fail("EPROTO", `${event}: the reply is for another request`);
        if (!reply.data.ok) return fail(reply.data.error.code, reply.data.error.message);
        finish({ ok: true, data: reply.data.data as Result<E> });
      });
      socket.timeout(timeoutMs).emit(event, { ...params, id }, onAck);
    });
  }

  function execStream(params: Params<"exec:run">, opts: CallOptions = {}): ExecStream {
    const execId = `${prefix}-${++counter}`;
    const queue = new ChunkQueue(streamCap(params));
    streams.set(execId, queue);
    const result = call("exec:run", params, opts, execId).then((r) => {
      const problem = queue.finish(r);
      if (problem) throw new BridgeError("EPROTO", problem);
      return r;
    });
    result.then(
      () => streams.delete(execId),
      (e) => {
        streams.delete(execId);
        queue.fail(e);
      },
    );
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
