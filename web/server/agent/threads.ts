// Chat threads and their messages. Messages are stored as AI SDK UI messages (parts verbatim), so
// a reload or a server restart shows exactly what streamed, and the conversation can continue.
// The queries are db/threads.ts; this module turns rows into views and missing rows into 404s.

import type { AgentUIMessage, ThreadView } from "../../contract/agent";
import * as repo from "../db/threads";
import { notFound } from "../errors";

export const DEFAULT_TITLE = "New chat";
const TITLE_MAX = 60;

const toView = (t: repo.ThreadRow): ThreadView => ({
  id: t.id,
  title: t.title,
  approvalMode: t.approvalMode,
  model: t.model,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

const missing = () => notFound("Thread not found");

export async function listThreads(workspaceId: string): Promise<ThreadView[]> {
  return (await repo.listThreads(workspaceId)).map(toView);
}

export async function createThread(
  workspaceId: string,
  userId: string,
  title = DEFAULT_TITLE,
): Promise<ThreadView> {
  return toView(await repo.createThread({ workspaceId, userId, title }));
}

/** The thread if it belongs to this workspace (whose ownership the caller checked); else 404. */
export async function getThread(workspaceId: string, threadId: string): Promise<ThreadView> {
  const t = await repo.findThread(workspaceId, threadId);
  if (!t) throw missing();
  return toView(t);
}

export async function updateThread(
  workspaceId: string,
  threadId: string,
  patch: repo.ThreadPatch,
): Promise<ThreadView> {
  const t = await repo.updateThread(workspaceId, threadId, patch);
  if (!t) throw missing();
  return toView(t);
}

export async function deleteThread(workspaceId: string, threadId: string): Promise<void> {
  if (!(await repo.deleteThread(workspaceId, threadId))) throw missing();
}

const toMessage = (r: repo.MessageRow): AgentUIMessage => ({
  id: r.id,
  role: r.role as AgentUIMessage["role"],
  parts: r.parts as AgentUIMessage["parts"],
  ...(r.metadata ? { metadata: r.metadata as AgentUIMessage["metadata"] } : {}),
});

export async function loadMessages(threadId: string): Promise<AgentUIMessage[]> {
  return (await repo.listMessages(threadId)).map(toMessage);
}

/**
 * Insert or replace one message (an approval answer or a continued answer keeps its id) and bump
 * the thread. Ids come from the browser, so the key is (thread, id): nothing sent here can reach
 * a row outside `threadId`.
 */
export function saveMessage(threadId: string, m: AgentUIMessage): Promise<void> {
  return repo.saveMessage(threadId, m);
}

/**
 * A chat request's writes before the agent runs, in one transaction: the messages a retry or an
 * edit replaced go, `message` is stored, the thread gets `patch`. Returns the thread as written.
 */
export async function recordTurn(
  workspaceId: string,
  threadId: string,
  w: { replaced: string[]; message: AgentUIMessage; patch: repo.ThreadPatch },
): Promise<ThreadView> {
  return toView(await repo.writeTurn(workspaceId, threadId, w));
}

/**
 * Replaces the title while it is still `expected` (a rename made meanwhile wins); the title
 * stored afterwards.
 */
export async function replaceTitle(
  workspaceId: string,
  threadId: string,
  expected: string,
  title: string,
): Promise<string> {
  const now = await repo.replaceTitle(workspaceId, threadId, expected, title);
  if (now === null) throw missing();
  return now;
}

/** A title from the first user message: its first line, trimmed to a readable length. */
export function titleFrom(text: string): string {
  const line = text.trim().split("\n")[0]?.replace(/\s+/g, " ") ?? "";
  if (!line) return DEFAULT_TITLE;
  return line.length > TITLE_MAX ? `${line.slice(0, TITLE_MAX - 1).trimEnd()}…` : line;
}
