// A local stand-in for OpenRouter that speaks its real wire protocol (OpenAI-compatible streaming
// chat completions over SSE, `tool_calls` deltas, usage, error bodies, GET /models), so the real
// @openrouter/ai-sdk-provider runs end to end. Each test scripts the model's turns in a queue.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ToolCallScript = { name: string; args: unknown; id?: string };
export type Turn =
  | {
      text?: string;
      toolCalls?: ToolCallScript[];
      /** Tokens and (with usage accounting asked for) cost in credits, sent in the last SSE message. */
      usage?: { prompt: number; completion: number; cost?: number };
      delayMs?: number;
    }
  | { status: number; message: string }
  | { malformed: true };
export type ChatRequest = {
  model: string;
  messages: Array<{ role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }>;
  tools?: Array<{ function: { name: string } }>;
  /** OpenRouter's usage accounting switch (`usage: { include: true }`). */
  usage?: { include?: boolean };
  authorization: string | undefined;
};
export type Responder = (req: ChatRequest) => Turn;

export type FakeOpenRouter = {
  /** Base URL to hand to createOpenRouter / OPENROUTER_BASE_URL (ends in /v1). */
  baseURL: string;
  script: (...turns: Turn[]) => void;
  /** Drops the scripted turns nobody asked for (a stopped answer leaves its later ones behind). */
  clearScript: () => void;
  /**
   * Answers for requests that offer no tools (the thread-title call, a long thread's summary), kept
   * apart from `script` so such a request never eats an agent turn. With none scripted it gets a 500.
   */
  scriptTitle: (...turns: Turn[]) => void;
  /**
   * Answers requests when the queue is empty (e.g. a stateless benchmark model), and requests
   * without tools (titles, summaries) when none is scripted: it can tell them by `tools`.
   */
  setResponder: (r: Responder | undefined) => void;
  /** The agent's requests (they offer tools), oldest first. */
  requests: ChatRequest[];
  /** Requests that offer no tools (titles, summaries), kept apart so `requests.at(-1)` stays the agent's. */
  titleRequests: ChatRequest[];
  /** ms between finishing a tool-call stream and receiving the request that carries its result. */
  roundtrips: number[];
  /** The tool each round trip was for (same index as `roundtrips`). */
  roundtripTools: string[];
  /** GET /models; a test may push a model (e.g. a small `context_length`) before the first read. */
  models: Array<{ id: string; name: string; context_length?: number }>;
  close: () => Promise<void>;
};

let counter = 0;
const chunk = (model: string, delta: object, finish: string | null = null, usage?: object) =>
  `data: ${JSON.stringify({
    id: `gen-${++counter}`,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...(usage ? { usage } : {}),
  })}\n\n`;

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const part of req) body += part;
  return body;
}

export async function startFakeOpenRouter(): Promise<FakeOpenRouter> {
  const queue: Turn[] = [];
  const titles: Turn[] = [];
  const requests: ChatRequest[] = [];
  const titleRequests: ChatRequest[] = [];
  const roundtrips: number[] = [];
  const roundtripTools: string[] = [];
  const pending = new Map<string, number>(); // tool call id → when its stream ended
  const toolOf = new Map<string, string>(); // tool call id → tool name
  let responder: Responder | undefined;
  const models = [
    { id: "openai/gpt-5", name: "OpenAI: GPT-5", context_length: 400000 },
    { id: "anthropic/claude-sonnet-4.5", name: "Anthropic: Claude Sonnet 4.5", context_length: 200000 },
    { id: "fake/not-allowed", name: "Not on the allowed list" },
  ];

  async function chat(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse(await readBody(req)) as ChatRequest;
    const received = performance.now();
    for (const m of body.messages) {
      const sentAt = m.role === "tool" && m.tool_call_id ? pending.get(m.tool_call_id) : undefined;
      if (sentAt !== undefined) {
        roundtrips.push(received - sentAt);
        roundtripTools.push(toolOf.get(m.tool_call_id as string) ?? "?");
        pending.delete(m.tool_call_id as string);
        toolOf.delete(m.tool_call_id as string);
      }
    }
    const captured = { ...body, authorization: req.headers.authorization };
    const isTitle = !body.tools?.length;
    (isTitle ? titleRequests : requests).push(captured);
    const turn = isTitle
      ? (titles.shift() ?? responder?.(captured) ?? { status: 500, message: "fake: no scripted title" })
      : (queue.shift() ?? responder?.(captured) ?? { status: 500, message: "fake: no scripted turn left" });
    if ("status" in turn) {
      res.writeHead(turn.status, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: turn.message, code: turn.status } }));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    if ("malformed" in turn) {
      res.write(chunk(body.model, { role: "assistant", content: "Hel" }));
      res.end('data: {"id":"gen-x","choices":[{"delta":{"content":\n\n');
      return;
    }
    if (turn.delayMs) await new Promise((r) => setTimeout(r, turn.delayMs));
    if (turn.text) res.write(chunk(body.model, { role: "assistant", content: turn.text }));
    const ids: string[] = [];
    (turn.toolCalls ?? []).forEach((call, index) => {
      const id = call.id ?? `call_${++counter}`;
      ids.push(id);
      toolOf.set(id, call.name);
      const args = JSON.stringify(call.args);
      const half = Math.floor(args.length / 2);
      // Arguments arrive in two deltas, as real providers stream them.
      res.write(
        chunk(body.model, {
          tool_calls: [
            { index, id, type: "function", function: { name: call.name, arguments: args.slice(0, half) } },
          ],
        }),
      );
      res.write(chunk(body.model, { tool_calls: [{ index, function: { arguments: args.slice(half) } }] }));
    });
    const usage = turn.usage ?? { prompt: 100, completion: 20 };
    const finish = ids.length ? "tool_calls" : "stop";
    res.write(chunk(body.model, {}, finish));
    // As OpenRouter does: usage comes in the last SSE message, with no choices; cost only when
    // usage accounting was asked for (default: $1 per million prompt tokens, $4 per million out).
    const cost = usage.cost ?? (usage.prompt * 1 + usage.completion * 4) / 1e6;
    res.write(
      `data: ${JSON.stringify({
        id: `gen-${counter}`,
        object: "chat.completion.chunk",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [],
        usage: {
          prompt_tokens: usage.prompt,
          completion_tokens: usage.completion,
          total_tokens: usage.prompt + usage.completion,
          prompt_tokens_details: { cached_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 0 },
          ...(body.usage?.include ? { cost, cost_details: { upstream_inference_cost: cost } } : {}),
        },
      })}\n\n`,
    );
    res.end("data: [DONE]\n\n", () => {
      const now = performance.now();
      for (const id of ids) pending.set(id, now);
    });
  }

  const server: Server = createServer((req, res) => {
    const url = req.url ?? "";
    if (req.method === "GET" && url.startsWith("/api/v1/models")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: models }));
      return;
    }
    if (req.method === "POST" && url.startsWith("/api/v1/chat/completions")) {
      chat(req, res).catch((e) => {
        res.writeHead(500);
        res.end(String(e));
      });
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "0.0.0.0", r));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/api/v1`,
    script: (...turns) => queue.push(...turns),
    clearScript: () => {
      queue.length = 0;
    },
    scriptTitle: (...turns) => titles.push(...turns),
    setResponder: (r) => {
      responder = r;
    },
    requests,
    titleRequests,
    roundtrips,
    roundtripTools,
    models,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
