// A message's editor attachment (the chips the person kept: active file, selection, "@" files)
// becomes a delimited block at the start of that message for the model. The attachment is stored
// with the message; the attached files' contents are read only for the newest message (older
// messages name them: the model saw them then). Selections and file contents are workspace text.
import type { BridgeClient } from "@kalpana/bridge/client";
import type { AgentUIMessage } from "../../contract/agent";
import { type EditorAttachment, editorAttachmentSchema } from "../../contract/editor";
import { fieldError } from "../errors";
import { delimitUntrusted } from "./untrusted";

/** Bytes of one attached file the model gets (the rest: readFile). */
export const ATTACHED_FILE_BYTES = 32 * 1024;

/** The attachment of a message the person sends, validated (400 when malformed). */
export function editorAttachmentOf(message: { metadata?: unknown }): EditorAttachment | undefined {
  const raw = (message.metadata as { editor?: unknown } | undefined)?.editor;
  if (raw === undefined) return undefined;
  const parsed = editorAttachmentSchema.safeParse(raw);
  if (!parsed.success) throw fieldError("message.metadata.editor", "The editor context is malformed.");
  return parsed.data;
}

const fence = (text: string) => {
  const ticks = "`".repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${ticks}\n${text}\n${ticks}`;
};

async function attachedFile(bridge: BridgeClient | null, path: string): Promise<string> {
  if (!bridge) return `Attached file ${path} (its contents were sent with this message).`;
  try {
    const r = await bridge.fs.read({ path, length: ATTACHED_FILE_BYTES });
    const cut =
      r.size > ATTACHED_FILE_BYTES
        ? ` (first ${ATTACHED_FILE_BYTES} bytes of ${r.size}; readFile for more)`
        : "";
    return `Attached file ${path}${cut}:\n${fence(r.content)}`;
  } catch (e) {
    return `Attached file ${path}: could not be read (${(e as Error).message.slice(0, 200)}).`;
  }
}

/** The block's text; `bridge` null: an older message (files named, not read again). */
export async function describeAttachment(a: EditorAttachment, bridge: BridgeClient | null): Promise<string> {
  const lines: string[] = [];
  const f = a.activeFile;
  if (f) {
    lines.push(`Open in the editor: ${f.path}${f.languageId ? ` (${f.languageId})` : ""}`);
    const s = f.selection;
    if (s) {
      const range = s.startLine === s.endLine ? `line ${s.startLine}` : `lines ${s.startLine}-${s.endLine}`;
      lines.push(`Selected, ${range}${s.truncated ? " (cut short)" : ""}:\n${fence(s.text)}`);
    }
  }
  for (const p of a.files) lines.push(await attachedFile(bridge, p));
  return lines.join("\n");
}

/** The messages as the model gets them: each one with an attachment starts with its editor block. */
export async function withEditorContext(
  messages: AgentUIMessage[],
  newestId: string,
  bridge: BridgeClient,
): Promise<AgentUIMessage[]> {
  return Promise.all(
    messages.map(async (m) => {
      if (m.role !== "user") return m;
      const parsed = editorAttachmentSchema.safeParse(m.metadata?.editor);
      if (!parsed.success || (!parsed.data.activeFile && parsed.data.files.length === 0)) return m;
      const text = await describeAttachment(parsed.data, m.id === newestId ? bridge : null);
      return { ...m, parts: [{ type: "text" as const, text: delimitUntrusted("editor", text) }, ...m.parts] };
    }),
  );
}
