// The agent loop, without HTTP or database: model + tools + history in, a UI message stream out.
// chat.ts adds sessions, keys and persistence; tests and the benchmark call this directly.
import {
  convertToModelMessages,
  isStepCount,
  type LanguageModel,
  streamText,
  toUIMessageStream,
  type UIMessageChunk,
} from "ai";
import type { AgentMetadata, AgentUIMessage, ApprovalMode, Compaction } from "../../contract/agent";
import { addUsage, costFrom } from "../../contract/usage";
import { logger } from "../log/log";
import { approvalFor } from "./approval";
import { prepareHistory } from "./compaction";
import { trimForStep } from "./context-budget";
import { providerErrorMessage } from "./provider-errors";
import type { WorkspacePaths } from "./real-path";
import type { AgentTools } from "./tools/index";

const log = logger("agent");

export type AgentEnd = {
  responseMessage: AgentUIMessage;
  isAborted: boolean;
  isContinuation: boolean;
  /** A summary made for this request (also in the answer's metadata). */
  compacted?: Compaction;
};

export interface RunAgentOptions {
  model: LanguageModel;
  modelId: string;
  instructions: string;
  /** Workspace-derived context (delimited untrusted data): sent as a user-side message, never as instructions. */
  context?: string | null;
  /** The whole conversation, newest message last. */
  messages: AgentUIMessage[];
  tools: AgentTools;
  approvalMode: ApprovalMode;
  /** Real paths and file text, so file-change approvals judge where a write really lands. */
  paths?: WorkspacePaths;
  maxSteps: number;
  signal?: AbortSignal;
  /** Provider retries for 429/5xx before the error reaches the person (AI SDK backoff). */
  maxRetries?: number;
  generateMessageId?: () => string;
  onEnd?: (end: AgentEnd) => Promise<void> | void;
  /**
   * Keep the prompt inside the model's window (compaction.ts): without it the whole history is
   * sent as it is. The summary model is only asked for when a summary is needed.
   */
  compaction?: { contextWindow: number; summaryModel: () => Promise<LanguageModel> };
}

export async function runAgent(o: RunAgentOptions): Promise<ReadableStream<UIMessageChunk>> {
  const prepared = o.compaction
    ? await prepareHistory({
        messages: o.messages,
        tools: o.tools,
        instructions: o.instructions,
        context: o.context,
        signal: o.signal,
        ...o.compaction,
      })
    : undefined;
  const modelMessages =
    prepared?.messages ??
    (await convertToModelMessages(o.messages, { tools: o.tools, ignoreIncompleteToolCalls: true }));
  const created = prepared?.created;
  const result = streamText({
    model: o.model,
    instructions: o.instructions,
    messages: o.context ? [{ role: "user", content: o.context }, ...modelMessages] : modelMessages,
    tools: o.tools,
    stopWhen: isStepCount(o.maxSteps),
    // One answer can read file after file: each later step is measured again and old outputs trimmed.
    prepareStep: prepared
      ? ({ messages, stepNumber }) => {
          if (stepNumber === 0) return undefined;
          const r = trimForStep(messages, prepared.fixedTokens, prepared.budget);
          return r && { messages: r.messages };
        }
      : undefined,
    toolApproval: ({ toolCall }) => approvalFor(o.approvalMode, toolCall.toolName, toolCall.input, o.paths),
    abortSignal: o.signal,
    maxRetries: o.maxRetries ?? 2,
    // Errors are delivered in the UI stream (onError below); don't also log them as unhandled.
    onError: ({ error }) =>
      log.warn({ err: (error as Error)?.message ?? String(error) }, "model stream failed"),
  });
  const started = Date.now();
  // An approval continues the stored answer: its usage so far is the base this request adds to.
  const last = o.messages.at(-1);
  const prior = last?.role === "assistant" ? last.metadata?.usage : undefined;
  let cost: number | undefined;
  return toUIMessageStream<AgentTools, AgentUIMessage>({
    stream: result.stream,
    tools: o.tools,
    originalMessages: o.messages,
    generateMessageId: o.generateMessageId,
    // Tool failures are already { error } results; this only formats stream-level failures.
    onError: providerErrorMessage,
    redactToolErrors: false,
    messageMetadata: ({ part }): AgentMetadata | undefined => {
      if (part.type === "start")
        return { model: o.modelId, createdAt: started, ...(created ? { compaction: created } : {}) };
      if (part.type === "finish-step") {
        const c = costFrom(part.providerMetadata);
        if (c !== undefined) cost = (cost ?? 0) + c;
        return undefined;
      }
      if (part.type === "finish") {
        const u = part.totalUsage;
        return {
          model: o.modelId,
          usage: addUsage(prior, {
            inputTokens: u.inputTokens,
            outputTokens: u.outputTokens,
            totalTokens: u.totalTokens,
            cost,
          }),
        };
      }
      return undefined;
    },
    onEnd: async ({ responseMessage, isAborted, isContinuation }) => {
      await o.onEnd?.({ responseMessage, isAborted, isContinuation, compacted: created });
    },
  });
}
