import type { Socket } from "socket.io";
import type { OpContext } from "../ops/context";
import { isBridgeError } from "../ops/errors";
import { McpSessions } from "../ops/mcp/sessions";
import { type ErrorBody, isRequestEvent, type RequestEvent, requests } from "../protocol/index";
import { handlers } from "./handlers";
import { DEBUG, log } from "./log";

type Ack = (reply: unknown) => void;
type Base = Omit<OpContext, "emit" | "signal" | "execs" | "mcp">;

function zodMessage(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join(".") || "params"}: ${i.message}`)
    .join("; ");
}

function idOf(payload: unknown): string | null {
  const id = (payload as { id?: unknown } | null)?.id;
  return typeof id === "string" && id.length > 0 && id.length <= 128 ? id : null;
}

/**
 * Wires one authenticated connection. Every frame gets exactly one reply through its ack (if
 * it has one); nothing a client sends can throw out of here, so one bad client cannot take the
 * bridge down for the others. Returns the event names it registered (for the contract test).
 */
export function attachConnection(socket: Socket, base: Base): RequestEvent[] {
  const abort = new AbortController();
  const emit = (event: string, payload: unknown) => socket.emit(event, payload);
  const ctx: OpContext = {
    ...base,
    emit,
    signal: abort.signal,
    execs: new Map(),
    mcp: new McpSessions(emit),
  };
  socket.on("disconnect", () => {
    abort.abort();
    ctx.mcp.closeAll();
  });

  async function handle(event: RequestEvent, payload: unknown, ack: Ack | undefined): Promise<void> {
    const id = idOf(payload);
    const fail = (error: ErrorBody) => ack?.({ id, ok: false, error });
    if (!ack) return; // a request nobody waits for is not executed: it could only cause side effects
    if (id === null) return void fail({ code: "EINVAL", message: "request needs a string id (1-128 chars)" });
    const parsed = requests[event].params.safeParse(payload);
    if (!parsed.success) return void fail({ code: "EINVAL", message: zodMessage(parsed.error.issues) });
    const started = performance.now();
    try {
      const handler = handlers[event] as (c: OpContext, p: unknown, id: string) => Promise<unknown>;
      const data = await handler(ctx, parsed.data, id);
      ack({ id, ok: true, data });
      if (DEBUG) log("debug", "op", { event, ms: Math.round(performance.now() - started) });
    } catch (e) {
      if (isBridgeError(e)) return void fail({ code: e.code, message: e.message });
      // Internal details go to the log only; the caller gets a stable code.
      log("error", "op failed", { event, error: e instanceof Error ? e.stack : String(e) });
      fail({ code: "EINTERNAL", message: `${event} failed unexpectedly` });
    }
  }

  const registered: RequestEvent[] = [];
  for (const event of Object.keys(handlers) as RequestEvent[]) {
    socket.on(event, (...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === "function" ? (args.pop() as Ack) : undefined;
      handle(event, args[0], ack).catch((e) => log("error", "dispatch", { error: String(e) }));
    });
    registered.push(event);
  }
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (isRequestEvent(event)) return;
    const ack = args[args.length - 1];
    if (typeof ack === "function") {
      ack({
        id: idOf(args[0]),
        ok: false,
        error: { code: "EINVAL", message: `unknown event ${String(event).slice(0, 64)}` },
      });
    }
  });
  return registered;
}
