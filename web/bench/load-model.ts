// The fake model of `npm run bench:load`, in a worker thread of its own (load.bench.ts starts it). Its
// round trips (a tool call leaving it → the request carrying the result arriving) are timestamps taken
// on its event loop: on the bench's own loop, busy with 40 sockets and every poll's JSON, they also
// counted the bench's backlog (its loop stalled 40-130 ms every second under load), not the server's.
// Each step waits stepMs (set by the main thread per phase) before its first token, as a hosted
// model takes time to answer; that wait is outside the round trips.
import { parentPort, workerData } from "node:worker_threads";
import { type ChatRequest, startFakeOpenRouter } from "../testing/fake-openrouter.fixture";

/** Workers receive this; the main thread reads (and clears) the figures with { collect: true }. */
export type ModelReply = { baseURL: string } | { roundtrips: number[]; roundtripTools: string[] };
/** What the main thread sends: set the time each step takes before its first token, collect, close. */
export type ModelCommand = { stepMs?: number; collect?: boolean; close?: boolean };

const { toolCallsPerChat } = workerData as { toolCallsPerChat: number };
let stepMs = 0;

// A stateless model: each chat asks for toolCallsPerChat calls cycling readFile / writeFile /
// runCommand, then answers; the thread-title request (it offers no tools) gets a title.
function responder(req: ChatRequest) {
  if (!req.tools?.length) return { text: "Load check", delayMs: stepMs };
  const done = req.messages.filter((m) => m.role === "tool").length;
  if (done >= toolCallsPerChat) return { text: "Done.", delayMs: stepMs };
  const calls = [
    { name: "readFile", args: { path: "load/seed.txt" } },
    { name: "writeFile", args: { path: `load/out-${done}.txt`, content: `step ${done}\n` } },
    { name: "runCommand", args: { command: `echo step ${done}` } },
  ];
  return { toolCalls: [calls[done % calls.length]!], delayMs: stepMs };
}

const fake = await startFakeOpenRouter();
fake.setResponder(responder);
const port = parentPort!;
port.on("message", async (m: ModelCommand) => {
  if (m.stepMs !== undefined) stepMs = m.stepMs;
  if (m.collect)
    port.postMessage({
      roundtrips: fake.roundtrips.splice(0),
      roundtripTools: fake.roundtripTools.splice(0),
    } satisfies ModelReply);
  if (m.close) {
    await fake.close();
    port.close();
  }
});
port.postMessage({ baseURL: fake.baseURL } satisfies ModelReply);
