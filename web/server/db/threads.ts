// The chat repository: the only module that queries the ChatThread and ChatMessage tables. Rows
// come out typed (approval mode narrowed, JSON parts as plain values), so no caller sees Prisma's
// Json or model types. Every function takes an optional `q` (the client or a transaction from inTx).

import type { ApprovalMode } from "../../contract/agent";
import type { ChatThread, Prisma } from "../../generated/prisma/client";
import { type Db, db } from "./client";
import { mapDbErrors, unlessMissing } from "./errors";
import { inTx, type Queryable } from "./tx";

export type ThreadRow = {
  id: string;
  workspaceId: string;
  userId: string;
  title: string;
  approvalMode: ApprovalMode;
  model: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** The columns a person or a turn may change. */
export type ThreadPatch = { title?: string; approvalMode?: ApprovalMode; model?: string };

/** One stored message: the AI SDK UI message as it streamed (parts and metadata verbatim). */
export type MessageRow = { id: string; role: string; parts: unknown[]; metadata?: unknown };

function toThread(t: ChatThread): ThreadRow {
  // Free text in the schema so a new mode needs no migration; anything unknown is the safe one.
  return { ...t, approvalMode: t.approvalMode === "auto" ? "auto" : "ask" };
}

// Prisma's JSON input type is not `unknown`; the values are JSON by construction (they came in
// as JSON and are stored as such), so the cast is the one place that says so.
const json = (v: unknown) => v as Prisma.InputJsonValue;

export async function listThreads(workspaceId: string, q: Queryable = db()): Promise<ThreadRow[]> {
  const rows = await q.chatThread.findMany({ where: { workspaceId }, orderBy: { updatedAt: "desc" } });
  return rows.map(toThread);
}

export async function createThread(
  data: { workspaceId: string; userId: string; title: string },
  q: Queryable = db(),
): Promise<ThreadRow> {
  return toThread(await q.chatThread.create({ data }));
}

/** The thread if it belongs to `workspaceId`; null for a missing one and for another workspace's. */
export async function findThread(
  workspaceId: string,
  threadId: string,
  q: Queryable = db(),
): Promise<ThreadRow | null> {
  const t = await q.chatThread.findUnique({ where: { id: threadId } });
  return t && t.workspaceId === workspaceId ? toThread(t) : null;
}

/** Applies `patch` (and bumps updatedAt) to the workspace's thread; null when there is none. */
export async function updateThread(
  workspaceId: string,
  threadId: string,
  patch: ThreadPatch,
  q: Queryable = db(),
): Promise<ThreadRow | null> {
  // The workspace is part of the key, so another workspace's thread is "missing" (no read first).
  const t = await unlessMissing(
    q.chatThread.update({ where: { id: threadId, workspaceId }, data: { ...patch, updatedAt: new Date() } }),
  );
  return t && toThread(t);
}

/**
 * Sets the title only while it is still `expected` (a compare-and-set: a rename made meanwhile
 * wins). Returns the title stored afterwards, or null when the thread is gone.
 */
export async function replaceTitle(
  workspaceId: string,
  threadId: string,
  expected: string,
  title: string,
  q: Queryable = db(),
): Promise<string | null> {
  const { count } = await q.chatThread.updateMany({
    where: { id: threadId, workspaceId, title: expected },
    data: { title },
  });
  return count ? title : ((await findThread(workspaceId, threadId, q))?.title ?? null);
}

/** Deletes the workspace's thread (its messages cascade); false when there was none. */
export async function deleteThread(
  workspaceId: string,
  threadId: string,
  q: Queryable = db(),
): Promise<boolean> {
  const { count } = await q.chatThread.deleteMany({ where: { id: threadId, workspaceId } });
  return count > 0;
}

export async function listMessages(threadId: string, q: Queryable = db()): Promise<MessageRow[]> {
  const rows = await q.chatMessage.findMany({ where: { threadId }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    parts: r.parts as unknown[],
    ...(r.metadata == null ? {} : { metadata: r.metadata }),
  }));
}

/**
 * Inserts or replaces one message. The key is (thread, id): ids come from the browser, so the
 * same id in another thread is another message and nothing sent here reaches a row outside `threadId`.
 */
export async function upsertMessage(threadId: string, m: MessageRow, q: Queryable = db()): Promise<void> {
  const parts = json(m.parts);
  const metadata = m.metadata == null ? undefined : json(m.metadata);
  await q.chatMessage.upsert({
    where: { threadId_id: { threadId, id: m.id } },
    create: { id: m.id, threadId, role: m.role, parts, metadata },
    update: { parts, metadata },
  });
}

export async function deleteMessages(threadId: string, ids: string[], q: Queryable = db()): Promise<void> {
  if (ids.length) await q.chatMessage.deleteMany({ where: { threadId, id: { in: ids } } });
}

/** Stores one message and bumps its thread, together. */
export function saveMessage(threadId: string, m: MessageRow, client?: Db): Promise<void> {
  return inTx(async (tx) => {
    await upsertMessage(threadId, m, tx);
    await tx.chatThread.update({ where: { id: threadId }, data: { updatedAt: new Date() } });
  }, client);
}

/** What one chat request writes before the agent runs. */
export type TurnWrites = {
  /** Messages a retry or an edit replaced (they came after the re-sent one). */
  replaced: string[];
  /** The new user message, or the assistant message an approval answer updated. */
  message: MessageRow;
  /** Title, model and approval mode as this turn sets them (empty: only updatedAt moves). */
  patch: ThreadPatch;
};

/**
 * The chat turn's writes as one unit: the thread is updated once, replaced messages go, the
 * message is stored. A failure in any of them leaves the thread exactly as it was.
 */
export function writeTurn(
  workspaceId: string,
  threadId: string,
  w: TurnWrites,
  client?: Db,
): Promise<ThreadRow> {
  const turn = inTx(async (tx) => {
    // The thread first: one deleted meanwhile fails here as "missing", before anything else.
    const thread = await tx.chatThread.update({
      where: { id: threadId, workspaceId },
      data: { ...w.patch, updatedAt: new Date() },
    });
    await deleteMessages(threadId, w.replaced, tx);
    await upsertMessage(threadId, w.message, tx);
    return toThread(thread);
  }, client);
  return mapDbErrors(turn, "Thread"); // deleted meanwhile: not_found, nothing written
}
