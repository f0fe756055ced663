// POST /api/workspaces/<id>/chat, minus the HTTP plumbing: ownership, state and model checks, the
// history from the database plus the one new (or approval-answered) message, the agent loop, and
// persistence of the answer when it ends (also when it was stopped, so a reload shows it).
import { createUIMessageStreamResponse, generateId } from "ai";
import type { AgentUIMessage, ChatBody } from "../../contract/agent";
import { mergeApprovals } from "../../contract/approvals";
import { formatUsage, usageDelta } from "../../contract/usage";
import type { SessionUser } from "../auth/session";
import { config } from "../config";
import { revealSecretValues } from "../db/env-vars";
import { writeNixConfig } from "../db/workspaces";
import { AppError } from "../errors";
import { githubToken } from "../github/github";
import { coalescedResponse } from "../http/coalesce";
import { logger } from "../log/log";
import { touchWorkspace } from "../workspaces/activity";
import { sharedBridge } from "../workspaces/bridge";
import { getOwned } from "../workspaces/store";
import { auditSink } from "./audit";
import { beginTurn, endTurn } from "./checkpoints";
import { editorAttachmentOf, withEditorContext } from "./editor-context";
import { buildInstructions } from "./instructions";
import { unavailableMcpTools } from "./mcp/tools";
import { connectMcpForTurn } from "./mcp/turn";
import { contextWindow, requireAllowedModel } from "./models";
import { buildProjectContext } from "./project-context";
import { modelFor } from "./provider";
import { bridgePaths } from "./real-path";
import { maskValues, redactStoredMessage, summarizeArgs } from "./redact";
import { runAgent } from "./run-agent";
import { DEFAULT_TITLE, getThread, loadMessages, recordTurn, saveMessage, titleFrom } from "./threads";
import { retitleThread } from "./title";
import { buildTools, type ToolContext } from "./tools/index";

const log = logger("agent");

/** Every message goes into the history with credentials and the person's secret values masked. */
export const storeMessage = (threadId: string, m: AgentUIMessage, secrets: readonly string[] = []) =>
  saveMessage(threadId, maskValues(redactStoredMessage(m), secrets));

const textOf = (m: AgentUIMessage) => m.parts.map((p) => (p.type === "text" ? p.text : "")).join(" ");

type ToolPartLike = { type: string; state?: string; input?: unknown; approval?: { approved?: boolean } };

export async function chat(
  user: SessionUser,
  workspaceId: string,
  body: ChatBody,
  signal: AbortSignal,
): Promise<Response> {
  const w = await getOwned(user.id, workspaceId);
  if (w.status !== "RUNNING") {
    throw new AppError("conflict", "The workspace is not running. Start it, then send your message again.");
  }
  const modelId = requireAllowedModel(body.model);
  const thread = await getThread(workspaceId, body.threadId);
  const model = await modelFor(user.id, modelId);
  touchWorkspace(workspaceId);
  const bridge = await sharedBridge(workspaceId).catch(() => {
    throw new AppError(
      "unavailable",
      "The workspace's bridge is not reachable. Restart the workspace, then retry.",
    );
  });

  const message = body.message as unknown as AgentUIMessage;
  const editor = message.role === "user" ? editorAttachmentOf(message) : undefined;
  if (editor) message.metadata = { ...message.metadata, editor };
  const secrets = await revealSecretValues(user.id, workspaceId);
  const history = await loadMessages(thread.id);
  const at = history.findIndex((m) => m.id === message.id);
  // An approval answer re-sends the assistant message it belongs to: replace it, don't append.
  const existing = at >= 0 ? history[at] : undefined;
  if (message.role === "assistant" && existing?.role !== "assistant") {
    throw new AppError("conflict", "That answer is no longer stored. Reload the conversation and try again.");
  }
  const next = existing?.role === "assistant" ? mergeApprovals(existing, message) : message;
  const messages = at >= 0 ? [...history.slice(0, at), next] : [...history, next];
  // The first message names the thread at once; after the first answer a model call may do better.
  const autoTitle =
    thread.title === DEFAULT_TITLE && message.role === "user" ? titleFrom(textOf(message)) : null;
  const approvalMode = body.approvalMode ?? thread.approvalMode;
  // One transaction: a retry re-sends the user message, so the answer it replaces goes (a reload
  // shows the new one); the message is stored; title, model and mode are written once.
  await recordTurn(workspaceId, thread.id, {
    replaced: at >= 0 ? history.slice(at + 1).map((m) => m.id) : [],
    message: maskValues(redactStoredMessage(next), secrets),
    patch: {
      ...(autoTitle ? { title: autoTitle } : {}),
      ...(thread.model !== modelId ? { model: modelId } : {}),
      ...(approvalMode !== thread.approvalMode ? { approvalMode } : {}),
    },
  });

  const record = auditSink(workspaceId, user.id);
  // Each tool call also counts as activity, so a long answer is never idled out mid-way.
  const audit: typeof record = (r) => {
    touchWorkspace(workspaceId);
    record(r);
  };
  for (const p of next.parts as ToolPartLike[]) {
    if (p.state === "approval-responded" && p.approval?.approved === false) {
      audit({
        tool: p.type.replace(/^tool-/, ""),
        summary: summarizeArgs(p.input),
        outcome: "denied",
        durationMs: 0,
      });
    }
  }
  const toolContext: ToolContext = {
    workspaceId,
    userId: user.id,
    bridge: () => sharedBridge(workspaceId),
    gitToken: () => githubToken(user.id),
    gitAuthor: { name: user.name || "Kalpana user", email: user.email },
    audit,
    secretValues: secrets,
    saveNixConfig: (c) => writeNixConfig(workspaceId, c),
  };
  const turnStarted = Date.now();
  // Before any tool can change a file; an approval answer keeps the answer's first checkpoint.
  const checkpoint = config().KALPANA_AGENT_CHECKPOINTS ? await beginTurn(bridge, existing) : undefined;
  // The workspace's own MCP servers (.kalpana/mcp.json), started for this request and ended with it.
  const mcp = await connectMcpForTurn(bridge, toolContext, { allowRemote: w.mcpRemote });
  const tools = buildTools(toolContext, {
    ...unavailableMcpTools(messages, mcp.tools, toolContext),
    ...mcp.tools,
  });
  let stream: Awaited<ReturnType<typeof runAgent>>;
  try {
    stream = await runAgent({
      model,
      modelId,
      instructions: buildInstructions(w),
      context: await buildProjectContext(bridge),
      messages: await withEditorContext(messages, message.id, bridge),
      tools,
      approvalMode,
      paths: bridgePaths(() => sharedBridge(workspaceId)),
      maxSteps: config().KALPANA_AGENT_MAX_STEPS,
      signal,
      generateMessageId: generateId,
      // The summary call, like the title call, is not one of the person's daily requests on the server key.
      compaction: {
        contextWindow: await contextWindow(modelId),
        summaryModel: () => modelFor(user.id, modelId, { charge: false }),
      },
      onEnd: async ({ responseMessage, isAborted, compacted }) => {
        void mcp.close();
        touchWorkspace(workspaceId);
        if (responseMessage.parts.length === 0) return;
        if (checkpoint)
          responseMessage.metadata = {
            ...responseMessage.metadata,
            checkpoint: await endTurn(bridge, checkpoint),
          };
        await storeMessage(thread.id, responseMessage, secrets).catch((e) =>
          log.error({ err: (e as Error).message }, "could not store the answer"),
        );
        const titleModel = config().KALPANA_TITLE_MODEL ?? modelId;
        const titled =
          autoTitle && !isAborted
            ? await retitleThread({
                workspaceId,
                threadId: thread.id,
                autoTitle,
                model: () => modelFor(user.id, titleModel, { charge: false }),
                question: textOf(message),
                answer: textOf(responseMessage),
              }).catch((e) => {
                log.error({ err: (e as Error).message }, "could not store the title");
                return undefined;
              })
            : undefined;
        // One audit entry per turn with what this request used (an approval continues an answer),
        // the title call's share included.
        const used = usageDelta(responseMessage.metadata?.usage, existing?.metadata?.usage);
        const titleUse = titled?.usage
          ? `; title ${titleModel} · ${formatUsage(titled.usage, { detail: true })}`
          : "";
        const summaryUse = compacted?.usage
          ? `; summary of ${compacted.messages} messages ${modelId} · ${formatUsage(compacted.usage, { detail: true })}`
          : "";
        record({
          tool: "turn",
          summary: `${modelId} · ${formatUsage(used, { detail: true })}${summaryUse}${titleUse}`,
          outcome: isAborted ? "cancelled" : "ok",
          durationMs: Date.now() - turnStarted,
        });
      },
    });
  } catch (e) {
    await mcp.close();
    throw e;
  }
  // no-transform: Next's gzip (and a proxy's) leave the event stream alone; each chunk reaches the
  // panel as it is written, without a compressor's flush per event (≈3% of the server's CPU under load).
  // Coalesced: the events of one model chunk leave in one write (http/coalesce.ts).
  return coalescedResponse(
    createUIMessageStreamResponse({ stream, headers: { "cache-control": "no-cache, no-transform" } }),
  );
}
