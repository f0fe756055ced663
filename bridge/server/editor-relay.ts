// The in-container end of editor context. The image's VS Code extension (bridge/editor/) connects
// to a unix socket here, proves it read the key file beside it, then reports what the person looks
// at; the bridge keeps the newest report and pushes it to the web server's connections that asked
// for it, and relays their commands (open a file, show a diff) to the extension that reported
// last (the window in use). Like the git credential socket it sits in a 0700 folder: only this
// container's user reaches it. Whatever connects is still untrusted: lines are capped and parsed
// with the protocol's schemas, and pushes to the web server are coalesced.
import * as fsp from "node:fs/promises";
import { createServer, type Socket as NetSocket } from "node:net";
import type { Socket } from "socket.io";
import {
  type BridgeToExtension,
  EDITOR_CONTEXT_EVENT,
  EDITOR_KEY,
  EDITOR_LIMITS,
  EDITOR_SOCKET,
  type EditorCommand,
  type EditorContext,
  ExtensionMessage,
} from "../protocol/index";
import { secretMatches } from "./auth";
import { prepareKeyedSocket } from "./keyed-socket";
import { log } from "./log";

const HELLO_TIMEOUT_MS = 5_000;
const COMMAND_TIMEOUT_MS = 5_000;
/** At most one push per this many ms; the newest report wins (the extension debounces too). */
const PUSH_EVERY_MS = 20;
const MAX_CONNECTIONS = 16;

interface Extension {
  conn: NetSocket;
  pending: Map<number, (ok: boolean) => void>;
}

/** Latest report, who gets it, and the way back to the extension. */
export class EditorHub {
  private latestReport: EditorContext | null = null;
  private extensions: Extension[] = [];
  private current: Extension | null = null;
  private subscribers = new Set<Socket>();
  private lastPush = 0;
  private timer: NodeJS.Timeout | null = null;
  private nextId = 0;

  latest(): EditorContext | null {
    return this.latestReport;
  }

  subscribe(socket: Socket): void {
    this.subscribers.add(socket);
    socket.once("disconnect", () => this.subscribers.delete(socket));
  }

  /** True when the extension carried the command out. */
  send(command: EditorCommand): Promise<boolean> {
    const ext = this.current;
    if (!ext) return Promise.resolve(false);
    const id = ++this.nextId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), COMMAND_TIMEOUT_MS);
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        ext.pending.delete(id);
        resolve(ok);
      };
      ext.pending.set(id, finish);
      const frame: BridgeToExtension = { type: "command", id, command };
      ext.conn.write(`${JSON.stringify(frame)}\n`);
    });
  }

  attach(ext: Extension): void {
    this.extensions.push(ext);
  }

  report(ext: Extension, context: Omit<EditorContext, "at">): void {
    this.current = ext;
    this.latestReport = { ...context, at: Date.now() };
    this.schedulePush();
  }

  detach(ext: Extension): void {
    this.extensions = this.extensions.filter((e) => e !== ext);
    for (const done of [...ext.pending.values()]) done(false);
    if (this.current !== ext) return;
    this.current = this.extensions.at(-1) ?? null;
    if (!this.current) {
      this.latestReport = null;
      this.schedulePush();
    }
  }

  get connections(): number {
    return this.extensions.length;
  }

  private schedulePush(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastPush + PUSH_EVERY_MS - Date.now());
    const push = () => {
      this.timer = null;
      this.lastPush = Date.now();
      for (const s of this.subscribers) s.emit(EDITOR_CONTEXT_EVENT, this.latestReport);
    };
    if (wait === 0) push();
    else this.timer = setTimeout(push, wait);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const e of this.extensions) e.conn.destroy();
  }
}

function parseLine(line: string): ExtensionMessage | null {
  try {
    const m = ExtensionMessage.safeParse(JSON.parse(line));
    return m.success ? m.data : null;
  } catch {
    return null;
  }
}

function serve(conn: NetSocket, hub: EditorHub, key: string): void {
  const ext: Extension = { conn, pending: new Map() };
  let authed = false;
  let buffered = "";
  const hello = setTimeout(() => conn.destroy(), HELLO_TIMEOUT_MS);
  const drop = (why: string) => {
    log("warn", "editor extension dropped", { why });
    conn.destroy();
  };
  conn.setEncoding("utf8");
  conn.on("data", (chunk: string) => {
    buffered += chunk;
    let nl = buffered.indexOf("\n");
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const m = parseLine(line);
      if (!m) return drop("malformed message");
      if (!authed) {
        if (m.type !== "hello" || !secretMatches(key, m.key)) return drop("bad hello");
        authed = true;
        clearTimeout(hello);
        hub.attach(ext);
      } else if (m.type === "context") hub.report(ext, m.context);
      else if (m.type === "done") ext.pending.get(m.id)?.(m.ok);
      nl = buffered.indexOf("\n");
    }
    if (buffered.length > EDITOR_LIMITS.lineBytes) drop("line too long");
  });
  conn.on("error", () => undefined);
  conn.on("close", () => {
    clearTimeout(hello);
    if (authed) hub.detach(ext);
  });
}

/** Listens on `<dir>/editor.sock`; `<dir>/key` holds the key the extension must send first. */
export async function startEditorRelay(dir: string, hub: EditorHub): Promise<{ close(): Promise<void> }> {
  const { key, socketPath } = await prepareKeyedSocket(dir, EDITOR_KEY, EDITOR_SOCKET);
  const server = createServer((conn) => serve(conn, hub, key));
  server.maxConnections = MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  await fsp.chmod(socketPath, 0o600);
  return {
    close: async () => {
      hub.close();
      await new Promise<void>((r) => server.close(() => r()));
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
}
