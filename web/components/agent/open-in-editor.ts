// "Open in editor": show a file in the VS Code pane on the left. code-server accepts a `payload`
// query parameter (the same one VS Code's web embedder uses) with an ["openFile", <uri>] entry, so
// pointing the IDE iframe at `/w/<id>/ide?next=/?folder=/workspace&payload=…` (the app's route that
// sends it on to the workspace's own origin) opens the file.
// A window event goes out first so the workspace page can handle it without a reload if it wants.
export function ideUrlForFile(workspaceId: string, file: string): string {
  const abs = file.startsWith("/") ? file : `/workspace/${file.replace(/^\.\//, "")}`;
  const payload = JSON.stringify([["openFile", `vscode-remote://${abs}`]]);
  const next = `/?folder=/workspace&payload=${encodeURIComponent(payload)}`;
  return `/w/${workspaceId}/ide?next=${encodeURIComponent(next)}`;
}

export function openInEditor(workspaceId: string, file: string): void {
  const event = new CustomEvent("kalpana:open-file", {
    detail: { workspaceId, path: file },
    cancelable: true,
  });
  if (!window.dispatchEvent(event)) return; // the page handled it
  const frame = document.querySelector<HTMLIFrameElement>('iframe[data-testid="ide-frame"]');
  if (frame) frame.src = ideUrlForFile(workspaceId, file);
  else window.open(ideUrlForFile(workspaceId, file), "_blank", "noopener");
}
