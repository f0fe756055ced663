// The editor context seam (issue 15.1): what the person's VS Code reports (the bridge's
// EditorContext, pushed to the panel as `workspace:editor`), what a message carries of it (the
// chips the person kept), and the commands the panel sends back (open a file at a line, show an
// edit as a diff) through POST /api/workspaces/<id>/editor.
import { EDITOR_LIMITS, EditorContext, EditorPath } from "@kalpana/bridge/protocol";
import { z } from "zod";

export { EditorContext };
export type EditorContextView = z.infer<typeof EditorContext>;

/** Files the person may add with "@" to one message. */
export const MAX_ATTACHED_FILES = 5;

/** What one message carries: the active file (with its selection, if any) and "@" files. */
export const editorAttachmentSchema = z.object({
  activeFile: z
    .object({
      path: EditorPath,
      languageId: z.string().max(64).optional(),
      selection: z
        .object({
          startLine: z.number().int().min(1),
          endLine: z.number().int().min(1),
          text: z.string().max(EDITOR_LIMITS.selectionChars),
          truncated: z.boolean().default(false),
        })
        .nullable()
        .default(null),
    })
    .nullable()
    .default(null),
  files: z.array(EditorPath).max(MAX_ATTACHED_FILES).default([]),
});
export type EditorAttachment = z.infer<typeof editorAttachmentSchema>;

/** `workspace:editor` (server → client): the latest report, null when VS Code is not connected. */
export const editorEvent = z.object({ id: z.string(), context: EditorContext.nullable() });

/** POST /api/workspaces/<id>/editor */
export const editorCommandInput = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("open"),
    path: EditorPath,
    line: z.number().int().min(1).optional(),
    endLine: z.number().int().min(1).optional(),
  }),
  /** The agent's editFile: the server rebuilds the file as it was before it and opens the diff. */
  z.object({
    action: z.literal("diff"),
    path: EditorPath,
    oldString: z.string().min(1).max(EDITOR_LIMITS.diffBeforeChars),
    newString: z.string().max(EDITOR_LIMITS.diffBeforeChars),
  }),
]);
export type EditorCommandInput = z.infer<typeof editorCommandInput>;
/** `delivered: false`: VS Code's extension is not connected; the panel falls back to reloading the IDE. */
export type EditorCommandView = { delivered: boolean };

/** The chip's words: "src/app.ts, lines 12-30 selected" / "src/app.ts". */
export function describeActiveFile(a: NonNullable<EditorAttachment["activeFile"]>): string {
  const s = a.selection;
  if (!s) return a.path;
  return s.startLine === s.endLine
    ? `${a.path}, line ${s.startLine} selected`
    : `${a.path}, lines ${s.startLine}-${s.endLine} selected`;
}
