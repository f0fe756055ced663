// The panel's non-streaming calls, through the app's one JSON client (lib/api.ts).
import type {
  AuditView,
  ModelsView,
  ThreadView,
  UndoPreview,
  UndoResult,
  UpdateThreadInput,
} from "@/contract/agent";
import { apiErrorBodySchema } from "@/contract/errors";
import type { McpStatus } from "@/contract/mcp";
import { api } from "@/lib/api";

/** A chat transport error is the response text; pull out `{ error: { message } }` when it is JSON. */
export function readableError(e: Error): string {
  try {
    const parsed = apiErrorBodySchema.safeParse(JSON.parse(e.message));
    if (parsed.success) return parsed.data.error.message;
  } catch {
    // plain text already
  }
  if (/Failed to fetch|NetworkError|network/i.test(e.message))
    return "Lost the connection to Kalpana. Retry.";
  return e.message || "Something went wrong. Retry.";
}

export const agentApi = (workspaceId: string) => {
  const base = `/api/workspaces/${workspaceId}`;
  const undoPath = (threadId: string, messageId: string) =>
    `${base}/threads/${threadId}/messages/${encodeURIComponent(messageId)}/undo`;
  return {
    threads: () => api<{ threads: ThreadView[] }>(`${base}/threads`).then((r) => r.threads),
    createThread: () =>
      api<{ thread: ThreadView }>(`${base}/threads`, { method: "POST", json: {} }).then((r) => r.thread),
    thread: (id: string) => api<{ thread: ThreadView; messages: unknown[] }>(`${base}/threads/${id}`),
    updateThread: (id: string, patch: UpdateThreadInput) =>
      api<{ thread: ThreadView }>(`${base}/threads/${id}`, { method: "PATCH", json: patch }).then(
        (r) => r.thread,
      ),
    deleteThread: (id: string) => api(`${base}/threads/${id}`, { method: "DELETE" }),
    audit: () => api<{ events: AuditView[] }>(`${base}/audit?limit=100`).then((r) => r.events),
    models: () => api<ModelsView>("/api/models"),
    mcp: () => api<{ mcp: McpStatus; allowRemote: boolean }>(`${base}/mcp`),
    setMcpRemote: (allowRemote: boolean) =>
      api<{ allowRemote: boolean }>(`${base}/mcp`, { method: "PATCH", json: { allowRemote } }),
    undoPreview: (threadId: string, messageId: string) => api<UndoPreview>(undoPath(threadId, messageId)),
    undo: (threadId: string, messageId: string, force: boolean) =>
      api<UndoResult>(undoPath(threadId, messageId), { method: "POST", json: { force } }),
  };
};
