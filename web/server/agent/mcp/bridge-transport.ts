// The AI SDK's MCP client speaking to a stdio server that runs in the workspace container: each
// JSON-RPC message is one line over the bridge (mcp:spawn/send/close). The server is the
// repository's code, so what it writes is untrusted: anything that is not a JSON-RPC message ends
// the session with a readable reason instead of reaching the client (whose handlers can throw).
import type { JSONRPCMessage, MCPTransport } from "@ai-sdk/mcp";
import { type BridgeClient, type McpExit, type McpSession, openMcpSession } from "@kalpana/bridge/client";
import type { Params } from "@kalpana/bridge/protocol";
import { z } from "zod";

const id = z.union([z.string().max(256), z.number()]);
const jsonRpcMessage = z.union([
  z.object({ jsonrpc: z.literal("2.0"), method: z.string().max(256), id: id.optional() }).loose(),
  z.object({ jsonrpc: z.literal("2.0"), id, result: z.unknown() }).loose(),
  z
    .object({
      jsonrpc: z.literal("2.0"),
      id: id.nullable(),
      error: z.object({ code: z.number(), message: z.string().max(4096) }).loose(),
    })
    .loose(),
]);

/** Text from the server in an error: one line, printable, short. */
export const printable = (s: string, max = 300) =>
  s
    .replace(/\p{Cc}+/gu, " ")
    .trim()
    .slice(0, max);

function describeExit(e: McpExit): string {
  if (e.error) return e.error;
  const how = e.signal ? `was killed (${e.signal})` : `exited with code ${e.code}`;
  const said = printable(e.stderr.split("\n").filter(Boolean).slice(-3).join(" | "), 500);
  return said ? `the server ${how}: ${said}` : `the server ${how}`;
}

export class BridgeMcpTransport implements MCPTransport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** Why the session ended, for the panel (set once it has). */
  failure: string | undefined;
  private session: McpSession | undefined;
  private closed = false;
  private onEnded: (() => void) | undefined;
  private readonly endedPromise = new Promise<void>((r) => {
    this.onEnded = r;
  });

  constructor(
    private readonly bridge: BridgeClient,
    private readonly spawn: Params<"mcp:spawn">,
  ) {}

  async start(): Promise<void> {
    this.session = await openMcpSession(this.bridge, this.spawn, {
      onLine: (line) => this.receive(line),
      onExit: (e) => this.ended(describeExit(e)),
    });
    if (this.closed) await this.session.close();
  }

  private receive(line: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    const m = jsonRpcMessage.safeParse(parsed);
    if (!m.success) {
      // MCP reserves stdout for messages: a server that prints anything else is broken or hostile.
      this.ended(`the server wrote something that is not a JSON-RPC message: "${printable(line, 120)}"`);
      void this.session?.close();
      return;
    }
    try {
      this.onmessage?.(m.data as JSONRPCMessage);
    } catch (e) {
      // e.g. a response for an id the client never sent: dropped, reported as an error.
      this.onerror?.(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private ended(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.failure ??= reason;
    this.onEnded?.();
    this.onclose?.();
  }

  /** After a failed call: give the exit report (the real reason) up to `ms` to arrive. */
  async settle(ms: number): Promise<void> {
    if (this.failure !== undefined || !this.session) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.endedPromise, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed || !this.session) throw new Error(this.failure ?? "the MCP session is closed");
    if (!(await this.session.send(JSON.stringify(message))))
      throw new Error(this.failure ?? "the MCP server is no longer running");
  }

  async close(): Promise<void> {
    const wasOpen = !this.closed;
    this.closed = true;
    await this.session?.close();
    this.onEnded?.();
    if (wasOpen) this.onclose?.();
  }
}
