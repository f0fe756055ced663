// The workspace image's built-in VS Code extension: reports the active file, visible lines,
// selection, open files and their diagnostics to the bridge (server/editor-relay.ts) over the
// unix socket in KALPANA_EDITOR_DIR, and carries out the control plane's commands (open a file at
// a line, reveal a range, show the agent's edit as a diff) inside the running workbench.
// Bundled by bridge/scripts/bundle.ts into bridge/dist/kalpana-editor/ (CommonJS, `vscode` external).
import { readFileSync } from "node:fs";
import { createConnection, type Socket } from "node:net";
import path from "node:path";
import * as vscode from "vscode";
import {
  type BridgeToExtension,
  EDITOR_KEY,
  EDITOR_LIMITS,
  EDITOR_SOCKET,
  type EditorCommand,
  type EditorDiagnostic,
  type EditorReport,
} from "../protocol/editor";

const ROOT = process.env.KALPANA_WORKSPACE_ROOT || "/workspace";
const DIR = process.env.KALPANA_EDITOR_DIR || "";
const DEBOUNCE_MS = 50;
const RECONNECT_MS = 1000;
const BEFORE_SCHEME = "kalpana-before";
const SEVERITY = ["error", "warning", "info", "hint"] as const;

/** Workspace-relative under the root, absolute elsewhere; null for non-file documents. */
function shownPath(uri: vscode.Uri): string | null {
  if (uri.scheme !== "file") return null;
  const rel = path.relative(ROOT, uri.fsPath);
  const p = rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : uri.fsPath;
  return p.length <= EDITOR_LIMITS.path ? p : null;
}

function absolute(p: string): string {
  return path.isAbsolute(p) ? p : path.join(ROOT, p);
}

function openFiles(): string[] {
  const out = new Set<string>();
  for (const g of vscode.window.tabGroups.all)
    for (const t of g.tabs) {
      const uri = (t.input as { uri?: vscode.Uri } | undefined)?.uri;
      const p = uri && shownPath(uri);
      if (p) out.add(p);
    }
  return [...out].slice(0, EDITOR_LIMITS.openFiles);
}

function diagnostics(files: string[]): EditorDiagnostic[] {
  const open = new Set(files);
  const out: EditorDiagnostic[] = [];
  for (const [uri, list] of vscode.languages.getDiagnostics()) {
    const p = shownPath(uri);
    if (!p || !open.has(p)) continue;
    for (const d of list) {
      if (out.length >= EDITOR_LIMITS.diagnostics) return out;
      out.push({
        path: p,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        severity: SEVERITY[d.severity] ?? "info",
        message: d.message.slice(0, EDITOR_LIMITS.diagnosticChars),
        ...(d.source ? { source: d.source.slice(0, 64) } : {}),
      });
    }
  }
  return out;
}

function report(): EditorReport {
  const files = openFiles();
  const editor = vscode.window.activeTextEditor;
  const p = editor && shownPath(editor.document.uri);
  if (!editor || !p) return { activeFile: null, openFiles: files, diagnostics: diagnostics(files) };
  const sel = editor.selection;
  const visible = editor.visibleRanges[0];
  const text = sel.isEmpty ? "" : editor.document.getText(sel);
  return {
    activeFile: {
      path: p,
      languageId: editor.document.languageId.slice(0, 64),
      lineCount: editor.document.lineCount,
      visible: visible ? { startLine: visible.start.line + 1, endLine: visible.end.line + 1 } : null,
      selection: sel.isEmpty
        ? null
        : {
            startLine: sel.start.line + 1,
            startColumn: sel.start.character + 1,
            endLine: sel.end.line + 1,
            endColumn: sel.end.character + 1,
            text: text.slice(0, EDITOR_LIMITS.selectionChars),
            truncated: text.length > EDITOR_LIMITS.selectionChars,
          },
    },
    openFiles: files,
    diagnostics: diagnostics(files),
  };
}

// "Before" sides of diffs, served to VS Code under kalpana-before:<path>?<n> (the newest few).
const befores = new Map<string, string>();
let beforeCounter = 0;

async function run(command: EditorCommand): Promise<void> {
  const file = vscode.Uri.file(absolute(command.path));
  if (command.action === "open") {
    const line = command.line ? command.line - 1 : undefined;
    const end = command.endLine ? command.endLine - 1 : line;
    const selection =
      line === undefined
        ? undefined
        : new vscode.Range(
            new vscode.Position(line, 0),
            new vscode.Position(end ?? line, end === line ? 0 : 10_000),
          );
    const editor = await vscode.window.showTextDocument(file, { selection, preview: false });
    if (selection) editor.revealRange(selection, vscode.TextEditorRevealType.InCenter);
    return;
  }
  const key = `${++beforeCounter}`;
  befores.set(key, command.before);
  for (const k of befores.keys()) if (befores.size > 20) befores.delete(k);
  const left = vscode.Uri.from({ scheme: BEFORE_SCHEME, path: file.path, query: key });
  const title = command.title ?? `${path.basename(command.path)} (agent's edit)`;
  await vscode.commands.executeCommand("vscode.diff", left, file, title, { preview: false });
}

/** One connection to the bridge at a time, re-dialled while the window lives. */
function connect(context: vscode.ExtensionContext): { send(r: EditorReport): void } {
  let socket: Socket | null = null;
  let ready = false;
  let stopped = false;
  let pendingReport: EditorReport | null = null;
  const dial = () => {
    if (stopped) return;
    let key: string;
    try {
      key = readFileSync(path.join(DIR, EDITOR_KEY), "utf8").trim();
    } catch {
      setTimeout(dial, RECONNECT_MS); // the bridge writes it at start-up
      return;
    }
    const s = createConnection(path.join(DIR, EDITOR_SOCKET));
    socket = s;
    let buffered = "";
    s.setEncoding("utf8");
    s.on("connect", () => {
      s.write(`${JSON.stringify({ type: "hello", key })}\n`);
      ready = true;
      s.write(`${JSON.stringify({ type: "context", context: pendingReport ?? report() })}\n`);
    });
    s.on("data", (chunk: string) => {
      buffered += chunk;
      let nl = buffered.indexOf("\n");
      while (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf("\n");
        let frame: BridgeToExtension;
        try {
          frame = JSON.parse(line) as BridgeToExtension;
        } catch {
          continue;
        }
        if (frame.type !== "command") continue;
        run(frame.command).then(
          () => s.write(`${JSON.stringify({ type: "done", id: frame.id, ok: true })}\n`),
          (e: Error) =>
            s.write(
              `${JSON.stringify({ type: "done", id: frame.id, ok: false, error: String(e.message).slice(0, 500) })}\n`,
            ),
        );
      }
    });
    s.on("error", () => undefined);
    s.on("close", () => {
      ready = false;
      socket = null;
      setTimeout(dial, RECONNECT_MS);
    });
  };
  context.subscriptions.push({
    dispose: () => {
      stopped = true;
      socket?.destroy();
    },
  });
  dial();
  return {
    send(r) {
      pendingReport = r;
      if (ready && socket) socket.write(`${JSON.stringify({ type: "context", context: r })}\n`);
    },
  };
}

export function activate(context: vscode.ExtensionContext): void {
  if (!DIR) return; // not in a Kalpana workspace image
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(BEFORE_SCHEME, {
      provideTextDocumentContent: (uri) => befores.get(uri.query) ?? "",
    }),
  );
  const channel = connect(context);
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => channel.send(report()), DEBOUNCE_MS);
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(changed),
    vscode.window.onDidChangeTextEditorSelection(changed),
    vscode.window.onDidChangeTextEditorVisibleRanges(changed),
    vscode.window.tabGroups.onDidChangeTabs(changed),
    vscode.languages.onDidChangeDiagnostics(changed),
    // The window the person is in is the one whose report (and commands) count.
    vscode.window.onDidChangeWindowState((s) => s.focused && changed()),
  );
}

export function deactivate(): void {}
