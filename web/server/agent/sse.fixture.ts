// Reads a chat Response (UI message stream over SSE) back into the final assistant message.
import { readUIMessageStream, type UIMessageChunk } from "ai";
import type { AgentUIMessage } from "../../contract/agent";

export async function readChatResponse(
  res: Response,
): Promise<{ message?: AgentUIMessage; chunks: UIMessageChunk[] }> {
  const chunks: UIMessageChunk[] = [];
  const stream = res.body!.pipeThrough(new TextDecoderStream()).pipeThrough(
    new TransformStream<string, UIMessageChunk>({
      buffer: "",
      transform(text, ctl) {
        this.buffer += text;
        const events = this.buffer.split("\n\n");
        this.buffer = events.pop() ?? "";
        for (const e of events) {
          const data = e.replace(/^data: /, "").trim();
          if (!data || data === "[DONE]" || e.startsWith(":")) continue;
          const chunk = JSON.parse(data) as UIMessageChunk;
          chunks.push(chunk);
          ctl.enqueue(chunk);
        }
      },
    } as Transformer<string, UIMessageChunk> & { buffer: string }),
  );
  let message: AgentUIMessage | undefined;
  for await (const m of readUIMessageStream<AgentUIMessage>({ stream, onError: () => {} })) message = m;
  return { message, chunks };
}
