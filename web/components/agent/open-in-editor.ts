// "Open in editor" / "Show diff": the command goes to the workspace's VS Code extension through
// POST /api/workspaces/<id>/editor (server/workspaces/editor.ts), which opens the file or the
// agent's edit as a diff inside the running workbench, without a reload. Only when the extension
// is not connected (VS Code still loading, an image without it) does the IDE iframe reload with
// code-server's `payload` query parameter (["openFile", <uri>], as VS Code's web embedder does).
import type { EditorCommandInput, EditorCommandView } from "@/contract/editor";
import { api } from "@/lib/api";

export function ideUrlForFile(workspaceId: string, file: string): string {
  const abs = file.startsWith("/") ? file : `/workspace/${file.replace(/^\.\//, "")}`;
  const payload = JSON.stringify([["openFile", `vscode-remote://${abs}`]]);
  const next = `/?folder=/workspace&payload=${encodeURIComponent(payload)}`;
  return `/w/${workspaceId}/ide?next=${encodeURIComponent(next)}`;
}

function reloadIdeWith(workspaceId: string, file: string): void {
  const frame = document.querySelector<HTMLIFrameElement>('iframe[data-testid="ide-frame"]');
  if (frame) frame.src = ideUrlForFile(workspaceId, file);
  else window.open(ideUrlForFile(workspaceId, file), "_blank", "noopener");
}

/** Opens `file` (or, with `edit`, the agent's edit of it as a diff); throws the API's error. */
export async function openInEditor(
  workspaceId: string,
  file: string,
  edit?: { oldString: string; newString: string },
): Promise<void> {
  const body: EditorCommandInput = edit
    ? { action: "diff", path: file, ...edit }
    : { action: "open", path: file };
  const r = await api<EditorCommandView>(`/api/workspaces/${workspaceId}/editor`, {
    method: "POST",
    json: body,
  });
  if (!r.delivered) reloadIdeWith(workspaceId, file);
}
