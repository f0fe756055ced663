// Shapes shared by the server and the panel (type-only imports from the browser side).
import type { UIMessage } from "ai";

export type AgentUsage = {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  /** US dollars, as OpenRouter reports it (absent when it did not). */
  cost?: number;
};
/** An answer's checkpoints (names in the bridge's store); `error` says why it has none. */
export type TurnCheckpoint = {
  before?: string;
  beforeTree?: string;
  after?: string;
  /** Files differ between before and after: the panel offers "Undo changes". */
  changed?: boolean;
  /** Set once undone (ms since epoch). */
  undoneAt?: number;
  error?: string;
};
export type AgentMetadata = {
  model?: string;
  usage?: AgentUsage;
  createdAt?: number;
  checkpoint?: TurnCheckpoint;
};
export type AgentUIMessage = UIMessage<AgentMetadata>;

export type ThreadView = {
  id: string;
  title: string;
  approvalMode: "ask" | "auto";
  model: string | null;
  createdAt: string;
  updatedAt: string;
};

export type AuditView = {
  id: string;
  action: string;
  summary: string;
  outcome: string;
  durationMs: number;
  createdAt: string;
};

export type ModelView = { id: string; name: string };

/** Chat request body: only the newest message travels; the server holds the history. */
export type ChatRequestBody = {
  threadId: string;
  model: string;
  approvalMode?: "ask" | "auto";
  message: AgentUIMessage;
};
