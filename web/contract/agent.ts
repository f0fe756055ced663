// The agent panel's side of the seam: request bodies, the views the API answers with, and the
// message metadata both sides read. Message parts stay the AI SDK's own type (UIMessage).
import type { UIMessage } from "ai";
import { z } from "zod";
import { editorAttachmentSchema } from "./editor";

/** How tool calls are approved (see server/agent/approval.ts for what each mode asks about). */
export const APPROVAL_MODES = ["ask", "auto"] as const;
export const approvalModeSchema = z.enum(APPROVAL_MODES);
export type ApprovalMode = z.infer<typeof approvalModeSchema>;

export const agentUsageSchema = z.object({
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
  totalTokens: z.number().optional(),
  /** US dollars, as OpenRouter reports it (absent when it did not). */
  cost: z.number().optional(),
});
export type AgentUsage = z.infer<typeof agentUsageSchema>;

/** An answer's checkpoints (names in the bridge's store); `error` says why it has none. */
export const turnCheckpointSchema = z.object({
  before: z.string().optional(),
  beforeTree: z.string().optional(),
  after: z.string().optional(),
  /** Files differ between before and after: the panel offers "Undo changes". */
  changed: z.boolean().optional(),
  /** Set once undone (ms since epoch). */
  undoneAt: z.number().optional(),
  error: z.string().optional(),
});
export type TurnCheckpoint = z.infer<typeof turnCheckpointSchema>;

/**
 * A long thread's earlier messages, summarised for the model (server/agent/compaction.ts). Kept in
 * the metadata of the answer whose request first used it; the messages it covers stay stored as they are.
 */
export const compactionSchema = z.object({
  /** The model's summary of every message up to and including `through`. */
  summary: z.string(),
  /** Id of the last message the summary covers. */
  through: z.string(),
  /** How many messages, from the thread's start, the summary covers. */
  messages: z.number(),
  /** The context window (tokens) the compaction was made for. */
  contextWindow: z.number(),
  /** What the summary call used. */
  usage: agentUsageSchema.optional(),
  createdAt: z.number(),
});
export type Compaction = z.infer<typeof compactionSchema>;

export const agentMetadataSchema = z.object({
  model: z.string().optional(),
  usage: agentUsageSchema.optional(),
  createdAt: z.number().optional(),
  checkpoint: turnCheckpointSchema.optional(),
  compaction: compactionSchema.optional(),
  /** A person's message: the editor chips it was sent with (server/agent/editor-context.ts). */
  editor: editorAttachmentSchema.optional(),
});
export type AgentMetadata = z.infer<typeof agentMetadataSchema>;
export type AgentUIMessage = UIMessage<AgentMetadata>;

export const threadViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  approvalMode: approvalModeSchema,
  model: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ThreadView = z.infer<typeof threadViewSchema>;

export const auditViewSchema = z.object({
  id: z.string(),
  action: z.string(),
  summary: z.string(),
  outcome: z.string(),
  durationMs: z.number(),
  createdAt: z.string(),
});
export type AuditView = z.infer<typeof auditViewSchema>;

export const modelViewSchema = z.object({ id: z.string(), name: z.string() });
export type ModelView = z.infer<typeof modelViewSchema>;
/** GET /api/models: the models the person may pick and the server's default. */
export type ModelsView = { models: ModelView[]; default: string };

/** POST /api/workspaces/<id>/chat: only the newest message travels; the server holds the history. */
export const chatBody = z.object({
  threadId: z.string().min(1).max(64),
  model: z.string().min(1).max(200),
  /** The panel's current toggle; sent with each message so a quick toggle-then-send cannot race. */
  approvalMode: approvalModeSchema.optional(),
  message: z.object({
    id: z.string().min(1).max(128),
    role: z.enum(["user", "assistant"]),
    parts: z.array(z.record(z.string(), z.unknown())).min(1).max(1000),
    metadata: z.unknown().optional(),
  }),
});
export type ChatBody = z.infer<typeof chatBody>;

const threadTitle = z.string().trim().min(1).max(120);
/** POST /api/workspaces/<id>/threads */
export const createThreadInput = z.object({ title: threadTitle.optional() });
/** PATCH /api/workspaces/<id>/threads/<threadId> */
export const updateThreadInput = z
  .object({
    title: threadTitle.optional(),
    approvalMode: approvalModeSchema.optional(),
    model: z.string().min(1).max(200).optional(),
  })
  .strict();
export type UpdateThreadInput = z.infer<typeof updateThreadInput>;

/** GET /api/workspaces/<id>/audit */
export const auditQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** POST …/messages/<messageId>/undo: files changed since the answer are kept unless `force`. */
export const undoInput = z.object({ force: z.boolean().default(false) }).strict();
/** GET …/messages/<messageId>/undo: what undoing an answer would do (bridge `checkpoint:diff`). */
export const undoPreviewSchema = z.object({
  changes: z.array(
    z.object({
      path: z.string(),
      status: z.enum(["added", "modified", "deleted"]),
      conflict: z.boolean(),
    }),
  ),
  conflicts: z.array(z.string()),
});
export type UndoPreview = z.infer<typeof undoPreviewSchema>;
export type UndoResult = { restored: string[]; conflicts: string[] };
