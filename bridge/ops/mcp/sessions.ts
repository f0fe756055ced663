import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { MAX_MCP_LINE_BYTES, MAX_MCP_SESSIONS, MAX_MCP_STDERR_CHARS } from "../../protocol/index";
import { BridgeError } from "../errors";
import { terminateGroup } from "../spawn/process-group";
import { LineSplitter } from "./line-splitter";

/** stdin the server has not read yet; past this a send is refused instead of buffered. */
const MAX_UNREAD_STDIN_BYTES = 8 * 1024 * 1024;

interface Session {
  child: ChildProcess;
  error: string | null;
  stderr: string;
}

/**
 * One connection's stdio MCP servers. Each stdout line goes to that connection as mcp:message;
 * the end (exit, close, a broken cap) as one mcp:exit. Unlike background jobs these die with the
 * connection (`closeAll` on disconnect): nobody else could talk to them.
 */
export class McpSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly emit: (event: string, payload: unknown) => void) {}

  /** Checked before spawning, so a refused session never starts a process. */
  assertRoom(): void {
    if (this.sessions.size >= MAX_MCP_SESSIONS)
      throw new BridgeError("EBUSY", `${MAX_MCP_SESSIONS} MCP servers are running on this connection`);
  }

  add(child: ChildProcess): string {
    try {
      this.assertRoom();
    } catch (e) {
      terminateGroup(child, 0);
      throw e;
    }
    const sessionId = `mcp_${randomBytes(6).toString("hex")}`;
    const session: Session = { child, error: null, stderr: "" };
    this.sessions.set(sessionId, session);
    const lines = new LineSplitter(MAX_MCP_LINE_BYTES, (line) =>
      this.emit("mcp:message", { sessionId, line }),
    );
    child.stdout?.on("data", (b: Buffer) => {
      if (session.error !== null) return;
      if (lines.push(b) === "overflow")
        this.fail(session, `a stdout line is over ${MAX_MCP_LINE_BYTES} bytes`);
    });
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (t: string) => {
      session.stderr = (session.stderr + t).slice(-MAX_MCP_STDERR_CHARS);
    });
    child.stdin?.on("error", () => {}); // EPIPE once the server is gone: the exit event tells
    child.on("error", (e) => this.fail(session, `could not start: ${e.message}`));
    child.once("close", (code, signal) => {
      if (this.sessions.get(sessionId) !== session) return;
      this.sessions.delete(sessionId);
      this.emit("mcp:exit", { sessionId, code, signal, error: session.error, stderr: session.stderr });
    });
    return sessionId;
  }

  send(sessionId: string, message: string): boolean {
    const s = this.get(sessionId);
    const stdin = s.child.stdin;
    if (s.error !== null || !stdin || stdin.destroyed || !stdin.writable) return false;
    if (stdin.writableLength > MAX_UNREAD_STDIN_BYTES)
      throw new BridgeError("EBUSY", "the MCP server is not reading its input");
    stdin.write(`${message}\n`);
    return true;
  }

  close(sessionId: string): boolean {
    const s = this.sessions.get(sessionId);
    if (!s) return false;
    s.child.stdin?.end();
    terminateGroup(s.child, 500);
    return true;
  }

  closeAll(): void {
    for (const s of this.sessions.values()) terminateGroup(s.child, 0);
  }

  get size(): number {
    return this.sessions.size;
  }

  private get(sessionId: string): Session {
    const s = this.sessions.get(sessionId);
    if (!s) throw new BridgeError("ENOENT", `no MCP session ${sessionId}`);
    return s;
  }

  private fail(s: Session, error: string): void {
    s.error ??= error;
    terminateGroup(s.child, 0);
  }
}
