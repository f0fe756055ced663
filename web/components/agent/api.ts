// Small JSON helpers for the panel's non-streaming calls. Errors carry the server's message.
import type { AuditView, ModelView, ThreadView } from "@/server/agent/types";

/** What undoing an answer would do (bridge `checkpoint:diff`). */
export type UndoPreview = {
  changes: { path: string; status: "added" | "modified" | "deleted"; conflict: boolean }[];
  conflicts: string[];
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: { "content-type": "application/json", ...init?.headers },
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body?.error?.message ?? `Request failed (${res.status})`);
  return body as T;
}

/** A chat transport error is the response text; pull out `{ error: { message } }` when it is JSON. */
export function readableError(e: Error): string {
  try {
    const parsed = JSON.parse(e.message);
    if (typeof parsed?.error?.message === "string") return parsed.error.message;
  } catch {
    // plain text already
  }
  if (/Failed to fetch|NetworkError|network/i.test(e.message))
    return "Lost the connection to Kalpana. Retry.";
  return e.message || "Something went wrong. Retry.";
}

export const agentApi = (workspaceId: string) => {
  const base = `/api/workspaces/${workspaceId}`;
  return {
    threads: () => json<{ threads: ThreadView[] }>(`${base}/threads`).then((r) => r.threads),
    createThread: () =>
      json<{ thread: ThreadView }>(`${base}/threads`, { method: "POST", body: "{}" }).then((r) => r.thread),
    thread: (id: string) => json<{ thread: ThreadView; messages: unknown[] }>(`${base}/threads/${id}`),
    updateThread: (id: string, patch: Partial<Pick<ThreadView, "title" | "approvalMode" | "model">>) =>
      json<{ thread: ThreadView }>(`${base}/threads/${id}`, {
        method: "PATCH",
        body: JSON.stringify(patch),
      }).then((r) => r.thread),
    deleteThread: (id: string) => json(`${base}/threads/${id}`, { method: "DELETE" }),
    audit: () => json<{ events: AuditView[] }>(`${base}/audit?limit=100`).then((r) => r.events),
    models: () => json<{ models: ModelView[]; default: string }>("/api/models"),
    undoPreview: (threadId: string, messageId: string) =>
      json<UndoPreview>(`${base}/threads/${threadId}/messages/${encodeURIComponent(messageId)}/undo`),
    undo: (threadId: string, messageId: string, force: boolean) =>
      json<{ restored: string[]; conflicts: string[] }>(
        `${base}/threads/${threadId}/messages/${encodeURIComponent(messageId)}/undo`,
        { method: "POST", body: JSON.stringify({ force }) },
      ),
  };
};
