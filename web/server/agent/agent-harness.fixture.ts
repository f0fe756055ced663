// Drives runAgent like the browser would: consume the UI stream into a message, answer approvals
// by editing the tool part (what useChat's addToolApprovalResponse does), and send again.
import { createOpenRouter } from "@openrouter/ai-sdk-provider";
import { readUIMessageStream, type UIMessageChunk } from "ai";
import type { AgentUIMessage, ApprovalMode } from "../../contract/agent";
import type { McpStatus } from "../../contract/mcp";
import type { HostBridge } from "./host-bridge.fixture";
import { connectMcp, type McpConnectOptions } from "./mcp/connect";
import { unavailableMcpTools } from "./mcp/tools";
import { bridgePaths } from "./real-path";
import { type RunAgentOptions, runAgent } from "./run-agent";
import { type AuditRecord, buildTools } from "./tools/index";

export type Harness = {
  messages: AgentUIMessage[];
  audit: AuditRecord[];
  /** What updateNixEnvironment stored as the workspace's configuration. */
  nixConfigs: { kind: string; content: string }[];
  chunks: UIMessageChunk[];
  send: (
    text: string,
    opts?: { signal?: AbortSignal; onChunk?: (c: UIMessageChunk) => void },
  ) => Promise<AgentUIMessage>;
  respond: (approved: boolean, opts?: { signal?: AbortSignal }) => Promise<AgentUIMessage>;
  /** Drops a failed answer and asks again (the panel's Retry button). */
  retry: () => Promise<AgentUIMessage>;
  errors: () => string[];
  /** With `mcp`: what the last request connected (.kalpana/mcp.json). */
  mcpStatus: () => McpStatus | undefined;
};

let n = 0;
export function agentHarness(
  bridge: HostBridge,
  baseURL: string,
  mode: ApprovalMode = "auto",
  {
    apiKey = "test-key",
    maxSteps = 10,
    instructions = "You are a test agent.",
    context = null as string | null,
    compaction = undefined as RunAgentOptions["compaction"],
    /** Connect the workspace's MCP servers for each request, as chat.ts does (McpConnectOptions). */
    mcp = undefined as McpConnectOptions | undefined,
  } = {},
): Harness {
  const audit: AuditRecord[] = [];
  const nixConfigs: { kind: string; content: string }[] = [];
  const messages: AgentUIMessage[] = [];
  const chunks: UIMessageChunk[] = [];
  const ctx = {
    workspaceId: "w1",
    userId: "u1",
    bridge: async () => bridge.client,
    gitToken: async () => null,
    gitAuthor: { name: "Kalpana Agent", email: "agent@kalpana.local" },
    audit: (r: AuditRecord) => audit.push(r),
    saveNixConfig: async (c: { kind: "flake" | "shell"; content: string }) => {
      nixConfigs.push(c);
    },
  };
  let mcpStatus: McpStatus | undefined;
  const openrouter = createOpenRouter({ apiKey, baseURL });

  async function run(opts: { signal?: AbortSignal; onChunk?: (c: UIMessageChunk) => void } = {}) {
    const conn = mcp ? await connectMcp(bridge.client, ctx, mcp) : undefined;
    mcpStatus = conn?.status;
    try {
      const present = conn?.tools ?? {};
      return await turn(
        buildTools(ctx, { ...unavailableMcpTools(messages, present, ctx), ...present }),
        opts,
      );
    } finally {
      await conn?.close();
    }
  }

  async function turn(
    tools: ReturnType<typeof buildTools>,
    opts: { signal?: AbortSignal; onChunk?: (c: UIMessageChunk) => void },
  ) {
    const stream = await runAgent({
      model: openrouter("openai/gpt-5", { usage: { include: true } }),
      modelId: "openai/gpt-5",
      instructions,
      context,
      messages: [...messages],
      tools,
      approvalMode: mode,
      paths: bridgePaths(async () => bridge.client),
      maxSteps,
      maxRetries: 0,
      signal: opts.signal,
      generateMessageId: () => `a${++n}`,
      compaction,
    });
    const last = messages.at(-1);
    const continuing = last?.role === "assistant" ? last : undefined;
    let final: AgentUIMessage | undefined;
    const tee = stream.pipeThrough(
      new TransformStream<UIMessageChunk, UIMessageChunk>({
        transform(c, ctl) {
          chunks.push(c);
          opts.onChunk?.(c);
          ctl.enqueue(c);
        },
      }),
    );
    for await (const m of readUIMessageStream<AgentUIMessage>({
      message: continuing,
      stream: tee,
      onError: () => {},
    }))
      final = m;
    if (!final) final = { id: `a${++n}`, role: "assistant", parts: [] };
    if (continuing) messages[messages.length - 1] = final;
    else messages.push(final);
    return final;
  }

  return {
    messages,
    audit,
    nixConfigs,
    chunks,
    send: (text, opts) => {
      messages.push({ id: `u${++n}`, role: "user", parts: [{ type: "text", text }] });
      return run(opts);
    },
    respond: (approved, opts) => {
      const last = messages.at(-1)!;
      for (const p of last.parts as Array<Record<string, unknown>>) {
        if (p.state === "approval-requested") {
          p.state = "approval-responded";
          p.approval = { ...(p.approval as object), approved };
        }
      }
      return run(opts);
    },
    retry: () => {
      if (messages.at(-1)?.role === "assistant") messages.pop();
      return run();
    },
    errors: () => chunks.flatMap((c) => (c.type === "error" ? [c.errorText] : [])),
    mcpStatus: () => mcpStatus,
  };
}
