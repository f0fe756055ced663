// Chat threads and their messages. Messages are stored as AI SDK UI messages (parts verbatim), so
// a reload or a server restart shows exactly what streamed, and the conversation can continue.
import type { Prisma } from "../../generated/prisma/client";
import { db } from "../db/client";
import { notFound } from "../errors";
import type { ApprovalMode } from "./approval";
import type { AgentUIMessage, ThreadView } from "./types";

export const DEFAULT_TITLE = "New chat";
const TITLE_MAX = 60;

type Row = {
  id: string;
  title: string;
  approvalMode: string;
  model: string | null;
  createdAt: Date;
  updatedAt: Date;
};
const toView = (t: Row): ThreadView => ({
  id: t.id,
  title: t.title,
  approvalMode: t.approvalMode === "auto" ? "auto" : "ask",
  model: t.model,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

export async function listThreads(workspaceId: string): Promise<ThreadView[]> {
  const rows = await db().chatThread.findMany({ where: { workspaceId }, orderBy: { updatedAt: "desc" } });
  return rows.map(toView);
}

export async function createThread(
  workspaceId: string,
  userId: string,
  title = DEFAULT_TITLE,
): Promise<ThreadView> {
  return toView(await db().chatThread.create({ data: { workspaceId, userId, title } }));
}

/** The thread if it belongs to this workspace (whose ownership the caller checked); else 404. */
export async function getThread(workspaceId: string, threadId: string): Promise<ThreadView> {
  const t = await db().chatThread.findUnique({ where: { id: threadId } });
  if (!t || t.workspaceId !== workspaceId) throw notFound("Thread not found");
  return toView(t);
}

export async function updateThread(
  workspaceId: string,
  threadId: string,
  patch: { title?: string; approvalMode?: ApprovalMode; model?: string },
): Promise<ThreadView> {
  await getThread(workspaceId, threadId);
  return toView(await db().chatThread.update({ where: { id: threadId }, data: patch }));
}

export async function deleteThread(workspaceId: string, threadId: string): Promise<void> {
  await getThread(workspaceId, threadId);
  await db().chatThread.delete({ where: { id: threadId } });
}

export async function loadMessages(threadId: string): Promise<AgentUIMessage[]> {
  const rows = await db().chatMessage.findMany({ where: { threadId }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({
    id: r.id,
    role: r.role as AgentUIMessage["role"],
    parts: r.parts as AgentUIMessage["parts"],
    ...(r.metadata ? { metadata: r.metadata as AgentUIMessage["metadata"] } : {}),
  }));
}

/**
 * Insert or replace one message (an approval answer or a continued answer keeps its id). Ids come
 * from the browser, so the key is (thread, id): the same id in another thread is another message,
 * and nothing sent here can reach a row outside `threadId`.
 */
export async function saveMessage(threadId: string, m: AgentUIMessage): Promise<void> {
  const parts = m.parts as unknown as Prisma.InputJsonValue;
  const metadata = (m.metadata ?? undefined) as Prisma.InputJsonValue | undefined;
  await db().chatMessage.upsert({
    where: { threadId_id: { threadId, id: m.id } },
    create: { id: m.id, threadId, role: m.role, parts, metadata },
    update: { parts, metadata },
  });
  await db().chatThread.update({ where: { id: threadId }, data: { updatedAt: new Date() } });
}

/** Drops messages that a retry or an edit replaced (they came after the re-sent message). */
export async function deleteMessages(threadId: string, ids: string[]): Promise<void> {
  if (ids.length) await db().chatMessage.deleteMany({ where: { threadId, id: { in: ids } } });
}

/** A title from the first user message: its first line, trimmed to a readable length. */
export function titleFrom(text: string): string {
  const line = text.trim().split("\n")[0]?.replace(/\s+/g, " ") ?? "";
  if (!line) return DEFAULT_TITLE;
  return line.length > TITLE_MAX ? `${line.slice(0, TITLE_MAX - 1).trimEnd()}…` : line;
}
