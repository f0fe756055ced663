import { z } from "zod";

// Editor context: the image's VS Code extension (bridge/editor/) reports what the person looks at
// (active file, visible lines, selection, open files' diagnostics) to the bridge over a unix
// socket; the bridge keeps the latest report and pushes it to the web server's connection, which
// shows it in the agent panel and hands it to the model. The other way, the control plane asks
// the extension to open a file at a line or show a diff, without reloading the workbench.
// Everything here comes from the workspace: every size is capped, on both sides of the bridge.

export const EDITOR_LIMITS = {
  path: 1024,
  selectionChars: 16 * 1024,
  openFiles: 50,
  diagnostics: 100,
  diagnosticChars: 500,
  /** A diff's "before" side (the file as it was before the agent's edit). */
  diffBeforeChars: 2 * 1024 * 1024,
  /** One NDJSON line from the extension (a context report is far below this). */
  lineBytes: 256 * 1024,
} as const;

/** Workspace-relative for files under the root, else absolute (a file VS Code opened elsewhere). */
export const EditorPath = z
  .string()
  .min(1)
  .max(EDITOR_LIMITS.path)
  .regex(/^[^\0\n\r]*$/, "bad path");
const Line = z.number().int().min(1).max(10_000_000);
const Column = z.number().int().min(1).max(1_000_000);

export const EditorSelection = z.object({
  startLine: Line,
  startColumn: Column,
  endLine: Line,
  endColumn: Column,
  /** The selected text, cut at EDITOR_LIMITS.selectionChars (then `truncated`). */
  text: z.string().max(EDITOR_LIMITS.selectionChars),
  truncated: z.boolean(),
});
export type EditorSelection = z.infer<typeof EditorSelection>;

export const EditorDiagnostic = z.object({
  path: EditorPath,
  line: Line,
  column: Column,
  severity: z.enum(["error", "warning", "info", "hint"]),
  message: z.string().max(EDITOR_LIMITS.diagnosticChars),
  source: z.string().max(64).optional(),
});
export type EditorDiagnostic = z.infer<typeof EditorDiagnostic>;

export const EditorActiveFile = z.object({
  path: EditorPath,
  languageId: z.string().max(64),
  lineCount: z.number().int().min(0).max(10_000_000),
  /** The first and last line on screen. */
  visible: z.object({ startLine: Line, endLine: Line }).nullable(),
  /** Null when nothing is selected (an empty selection is just the cursor). */
  selection: EditorSelection.nullable(),
});
export type EditorActiveFile = z.infer<typeof EditorActiveFile>;

/** What the extension reports. */
export const EditorReport = z.object({
  activeFile: EditorActiveFile.nullable(),
  openFiles: z.array(EditorPath).max(EDITOR_LIMITS.openFiles),
  diagnostics: z.array(EditorDiagnostic).max(EDITOR_LIMITS.diagnostics),
});
export type EditorReport = z.infer<typeof EditorReport>;

/** A report as the bridge hands it on: plus when it arrived (the bridge's clock, epoch ms). */
export const EditorContext = EditorReport.extend({ at: z.number().int().nonnegative() });
export type EditorContext = z.infer<typeof EditorContext>;

export const EditorCommand = z.discriminatedUnion("action", [
  /** Open a file; with `line`, put the cursor there; with `endLine` too, select and reveal the range. */
  z.object({ action: z.literal("open"), path: EditorPath, line: Line.optional(), endLine: Line.optional() }),
  /** Show `before` → the file as it is now in VS Code's diff editor (the agent's edit). */
  z.object({
    action: z.literal("diff"),
    path: EditorPath,
    before: z.string().max(EDITOR_LIMITS.diffBeforeChars),
    title: z.string().max(200).optional(),
  }),
]);
export type EditorCommand = z.infer<typeof EditorCommand>;

// Requests (registered in events.ts).
export const EditorContextParams = z.object({}).strict();
/** The latest report of the connected extension, or null (none connected or nothing reported). */
export const EditorContextResult = EditorContext.nullable();
export const EditorCommandParams = z.object({ command: EditorCommand });
/** `delivered: false`: no extension is connected (the caller falls back to reloading the IDE). */
export const EditorCommandResult = z.object({ delivered: z.boolean() });

/** Pushed to connections whose handshake asked for it (`editorContext: true`). */
export const EDITOR_CONTEXT_EVENT = "editor:context";

/** In the relay's folder (KALPANA_EDITOR_DIR): the socket and the key the extension sends first. */
export const EDITOR_SOCKET = "editor.sock";
export const EDITOR_KEY = "key";

/** Extension ↔ bridge, one JSON object per line. */
export const ExtensionMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hello"), key: z.string().max(256) }),
  z.object({ type: z.literal("context"), context: EditorReport }),
  z.object({
    type: z.literal("done"),
    id: z.number().int().nonnegative(),
    ok: z.boolean(),
    error: z.string().max(500).optional(),
  }),
]);
export type ExtensionMessage = z.infer<typeof ExtensionMessage>;
export type BridgeToExtension = { type: "command"; id: number; command: EditorCommand };
