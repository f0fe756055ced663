import type { Socket } from "socket.io-client";
import { type EventPayload, events, type Params } from "../protocol/index";
import type { BridgeClient } from "./client";

export type McpExit = EventPayload<"mcp:exit">;
export interface McpSessionHandlers {
  onLine: (line: string) => void;
  /** Once: the process ended, broke a cap, or the bridge connection went away. */
  onExit: (exit: McpExit) => void;
}
export interface McpSession {
  sessionId: string;
  pid: number;
  send(message: string): Promise<boolean>;
  close(): Promise<void>;
}

/** A session may receive this much in all; past it the web server closes it (a flooding server). */
const MAX_SESSION_CHARS = 64 * 1024 * 1024;
/** Events that arrive before the mcp:spawn reply was handled, held per unknown session at most. */
const MAX_EARLY_EVENTS = 16;
const MAX_EARLY_SESSIONS = 16;

const ENDED = { code: null, signal: null, stderr: "" };

type Early = { line?: string; exit?: McpExit };
type Route = McpSessionHandlers & { chars: number; ended: boolean };

/**
 * Routes mcp:message / mcp:exit events of one socket to their sessions. The bridge is untrusted:
 * every event is parsed, events for unknown sessions are dropped (a few are held briefly, since
 * a server can speak before our spawn reply is processed), and a session that sends more than
 * MAX_SESSION_CHARS is ended.
 */
class McpRouter {
  readonly routes = new Map<string, Route>();
  private readonly early = new Map<string, Early[]>();

  constructor(
    socket: Socket,
    private readonly closeRemote: (sessionId: string) => void,
  ) {
    socket.on("mcp:message", (raw: unknown) =>
      this.take(events["mcp:message"].safeParse(raw).data, undefined),
    );
    socket.on("mcp:exit", (raw: unknown) => this.take(undefined, events["mcp:exit"].safeParse(raw).data));
    socket.on("disconnect", () => {
      for (const id of [...this.routes.keys()])
        this.end(id, {
          sessionId: id,
          code: null,
          signal: null,
          error: "bridge connection lost",
          stderr: "",
        });
    });
  }

  private take(message: EventPayload<"mcp:message"> | undefined, exit: McpExit | undefined): void {
    const id = message?.sessionId ?? exit?.sessionId;
    if (id === undefined) return; // malformed: dropped
    const route = this.routes.get(id);
    if (!route) {
      this.hold(id, { line: message?.line, exit });
    } else if (exit) {
      this.end(id, exit);
    } else if (message && !route.ended) {
      route.chars += message.line.length;
      if (route.chars <= MAX_SESSION_CHARS) {
        safely(() => route.onLine(message.line));
      } else {
        this.closeRemote(id);
        this.end(id, { ...ENDED, sessionId: id, error: "the MCP server sent too much" });
      }
    }
  }

  private hold(id: string, e: Early): void {
    const held = this.early.get(id) ?? [];
    if (held.length >= MAX_EARLY_EVENTS || (!this.early.has(id) && this.early.size >= MAX_EARLY_SESSIONS))
      return;
    held.push(e);
    this.early.set(id, held);
    setTimeout(() => this.early.delete(id), 5000).unref?.();
  }

  attach(id: string, handlers: McpSessionHandlers): void {
    this.routes.set(id, { ...handlers, chars: 0, ended: false });
    const held = this.early.get(id) ?? [];
    this.early.delete(id);
    for (const e of held)
      this.take(e.line === undefined ? undefined : { sessionId: id, line: e.line }, e.exit);
  }

  end(id: string, exit: McpExit): void {
    const route = this.routes.get(id);
    if (!route || route.ended) return;
    route.ended = true;
    this.routes.delete(id);
    safely(() => route.onExit(exit));
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    console.error("[bridge client] MCP handler failed:", e);
  }
}

const routers = new WeakMap<Socket, McpRouter>();

/** Start a stdio MCP server in the workspace and talk to it line by line. */
export async function openMcpSession(
  client: BridgeClient,
  params: Params<"mcp:spawn">,
  handlers: McpSessionHandlers,
): Promise<McpSession> {
  let router = routers.get(client.socket);
  if (!router) {
    router = new McpRouter(
      client.socket,
      (sessionId) => void client.mcp.close({ sessionId }).catch(() => {}),
    );
    routers.set(client.socket, router);
  }
  const { sessionId, pid } = await client.mcp.spawn(params);
  router.attach(sessionId, handlers);
  const r = router;
  return {
    sessionId,
    pid,
    send: async (message) => (await client.mcp.send({ sessionId, message })).sent,
    close: async () => {
      await client.mcp.close({ sessionId }).catch(() => {});
      r.end(sessionId, { ...ENDED, sessionId, error: "closed" });
    },
  };
}
