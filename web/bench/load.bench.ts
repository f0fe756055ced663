// `npm run bench:load`: the whole server under a team's load on one machine. 20 running workspaces
// (real containers, real bridges, real code-server), 10 concurrent agent chats with tool calls (fake
// model at a hosted model's pace, real chat route), WebSocket traffic through workspace origins and
// API polling, for 5 minutes (KALPANA_LOAD_SECONDS to change); then a minute of the same chats against
// an instant model (the server saturated, reported but not against the targets). Writes
// docs/benchmarks/load.json and the "Load" section of docs/BENCHMARKS.md.
import { execFile, execFileSync } from "node:child_process";
import { request } from "node:http";
import type { Socket } from "node:net";
import { cpus, loadavg } from "node:os";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { machineDescription, publishBenchmark } from "../../scripts/bench/report";
import { percentile } from "../../scripts/bench/stats";
import { openWorkspaceOrigin, previewServerScript } from "../server/workspaces/api-test.fixture";
import { waitFor, workspaceTestEnv } from "../server/workspaces/test-env.fixture";
import { cleanupDocker, testRun } from "../testing/docker.fixture";
import { localSignUp, startWebServer } from "../testing/web-server.fixture";
import type { ModelCommand, ModelReply } from "./load-model";
import type { PollJob, PollResult } from "./load-poll";

const WORKSPACES = 20;
const USERS = 5;
const CHATS = 10;
const TOOL_CALLS_PER_CHAT = 5;
const SECONDS = Number(process.env.KALPANA_LOAD_SECONDS ?? 300);
// The model's time per step before its first token: a fast hosted model's (OpenRouter's models take
// roughly 0.3-2 s to first token, and stream a tool call's arguments after that). Ten chats then
// ask for tools as ten people's agents would; docs/BENCHMARKS.md "Load" says why this is the figure.
const MODEL_STEP_MS = Number(process.env.KALPANA_LOAD_MODEL_STEP_MS ?? 500);
// Then the same ten chats against an instant model, for this long: the server saturated (what a
// burst costs), reported beside the targets but not against them.
const SATURATION_SECONDS = Number(process.env.KALPANA_LOAD_SATURATION_SECONDS ?? 60);
const POLL_MS = 2000;
const WS_MESSAGE_MS = 500;
const PREVIEW_PORT = 5005;
const START_BATCH = 4;

const execFileAsync = promisify(execFile);
const round = (n: number) => Math.round(n * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const p50p99 = (ms: number[]) => `p50 ${round(percentile(ms, 50))} ms, p99 ${round(percentile(ms, 99))} ms`;
const echoText = (ms: number[]) =>
  `${p50p99(ms)}, max ${round(Math.max(...ms))} ms, ${ms.filter((x) => x > WS_MESSAGE_MS).length} of ${ms.length} later than ${WS_MESSAGE_MS} ms`;

/** Errors by kind; `fail` counts one (and prints the first three of each kind). */
function errorCounter(label: string) {
  const kinds = new Map<string, number>();
  return {
    kinds,
    total: () => [...kinds.values()].reduce((a, b) => a + b, 0),
    fail(kind: string, detail: unknown): void {
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      if ((kinds.get(kind) ?? 0) <= 3) console.error(`[${label}: ${kind}]`, detail);
    },
  };
}
/** Setup errors (before the load) count with the main phase's. */
const setupErrors = errorCounter("setup");
const fail = setupErrors.fail;

const run = testRun();
const fake = await startModel();
const web = await startWebServer({
  ...workspaceTestEnv(run.labels, {
    // Production-sized workspaces (the test env's 768 MB would understate nothing but cap less).
    KALPANA_WORKSPACE_MEMORY_MB: "2048",
    KALPANA_MAX_RUNNING_PER_USER: String(WORKSPACES),
    KALPANA_MAX_RUNNING_TOTAL: String(WORKSPACES + 5),
    KALPANA_RATE_CHAT_PER_MIN: "10000",
    KALPANA_SERVER_KEY_DAILY_LIMIT: "0",
  }),
  OPENROUTER_API_KEY: "server-key",
  OPENROUTER_BASE_URL: fake.baseURL,
  KALPANA_MODELS: "openai/gpt-5",
});

const sockets: Socket[] = [];
try {
  // --- 20 running workspaces, 4 per user ---------------------------------------------------------
  const cookies = await Promise.all(
    Array.from({ length: USERS }, (_, i) => localSignUp(web.url, `load${i}@example.com`, `Load ${i}`)),
  );
  const api = async (cookie: string, method: string, path: string, body?: unknown) => {
    const t0 = performance.now();
    const res = await fetch(`${web.url}${path}`, {
      method,
      headers: { cookie, "content-type": "application/json", origin: web.url },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    return { status: res.status, json, ms: performance.now() - t0 };
  };
  const t0 = performance.now();
  const owned: Array<{ id: string; cookie: string }> = [];
  // Started a few at a time: 20 code-servers booting at once on 2 vCPUs is a start storm, not the
  // steady state this benchmark measures.
  for (let batch = 0; batch < WORKSPACES; batch += START_BATCH) {
    const started = await Promise.all(
      Array.from({ length: Math.min(START_BATCH, WORKSPACES - batch) }, async (_, j) => {
        const i = batch + j;
        const cookie = cookies[i % USERS]!;
        const r = await api(cookie, "POST", "/api/workspaces", { name: `load-${i}`, template: "node" });
        if (r.status !== 201) throw new Error(`create ${i}: ${r.status} ${JSON.stringify(r.json)}`);
        const w = { id: r.json.workspace.id as string, cookie };
        const done = await waitFor(
          () => api(w.cookie, "GET", `/api/workspaces/${w.id}`),
          (x) => ["RUNNING", "ERROR"].includes(x.json?.workspace?.status),
          300_000,
        );
        if (done.json.workspace.status !== "RUNNING")
          throw new Error(`${w.id}: ${done.json.workspace.statusMessage}`);
        return w;
      }),
    );
    owned.push(...started);
  }
  console.log(`${WORKSPACES} workspaces running after ${Math.round((performance.now() - t0) / 1000)} s`);

  // Every workspace: a seed file for the agent and a WebSocket echo server behind its preview origin
  // (the same proxy path VS Code's socket takes: workspace origin → forward.ts → bridge front).
  // Not execFileSync: 40 blocking execs stalled this process's event loop for seconds, and the
  // keep-alive sockets the server closed meanwhile were then reused ("fetch failed: other side closed").
  for (const w of owned) {
    await execFileAsync("docker", [
      "exec",
      `kalpana-ws-${w.id}`,
      "sh",
      "-c",
      "mkdir -p load && echo seed > load/seed.txt",
    ]);
    await execFileAsync("docker", ["exec", "-d", `kalpana-ws-${w.id}`, "node", "-e", previewServerScript]);
  }
  // Each workspace's VS Code is opened once (workbench HTML + its socket's upgrade), as a person would.
  const ideOrigins = await Promise.all(owned.map((w) => openWorkspaceOrigin(web.url, w.cookie, w.id)));
  await Promise.all(
    ideOrigins.map(async (o) => {
      const r = await fetch(`${o.origin}/`, { headers: { cookie: o.cookie } });
      if (r.status !== 200) fail("ide_page", r.status);
      await r.text();
    }),
  );
  const previews = await waitFor(
    () =>
      Promise.all(
        owned.map((w) => openWorkspaceOrigin(web.url, w.cookie, w.id, PREVIEW_PORT).catch(() => null)),
      ),
    (all) => all.every(Boolean),
    60_000,
  );

  // The echo servers were started in the background: wait until each answers through its origin.
  await Promise.all(
    previews.map((p) =>
      waitFor(
        () =>
          fetch(`${p!.origin}/`, { headers: { cookie: p!.cookie } })
            .then((r) => r.text())
            .catch(() => ""),
        (body) => body.startsWith("hello-preview"),
        60_000,
      ),
    ),
  );

  // Idle memory: every workspace running with VS Code loaded once, nothing happening, 20 s settled.
  await sleep(20_000);
  const idleMiB = containerMemoryMiB(owned.map((w) => w.id));

  /**
   * One load phase: the chats, the pollers and the WebSockets for `seconds`, the model taking
   * `stepMs` per step. The fake model's round trips are collected (and cleared) at the end.
   */
  const loadPhase = async (seconds: number, stepMs: number) => {
    fake.setStepMs(stepMs);
    const errors = errorCounter(stepMs ? "load" : "saturated");
    const stopAt = Date.now() + seconds * 1000;
    let chats = 0;
    let wsMessages = 0;
    const apiLatencies: number[] = [];
    const echoLatencies: number[] = [];
    // People's questions arrive at different moments: the chats start spread over one answer's
    // length. (Started at once at a steady pace they stayed in step, and ten answers' checkpoints
    // landed in the same instant.)
    const answerMs = (TOOL_CALLS_PER_CHAT + 1) * stepMs;
    const chatLoop = async (w: { id: string; cookie: string }, i: number) => {
      await sleep((i * answerMs) / CHATS);
      while (Date.now() < stopAt) {
        const thread = await api(w.cookie, "POST", `/api/workspaces/${w.id}/threads`, {});
        if (thread.status !== 201) {
          errors.fail("thread", thread.status);
          await sleep(1000);
          continue;
        }
        const res = await fetch(`${web.url}/api/workspaces/${w.id}/chat`, {
          method: "POST",
          headers: { cookie: w.cookie, "content-type": "application/json", origin: web.url },
          body: JSON.stringify({
            threadId: thread.json.thread.id,
            model: "openai/gpt-5",
            approvalMode: "auto",
            message: { id: `u-${Date.now()}`, role: "user", parts: [{ type: "text", text: "load" }] },
          }),
        });
        const text = await res.text();
        const toolErrors = (text.match(/"errorText"|"type":"error"|"output-error"/g) ?? []).length;
        if (res.status !== 200) errors.fail("chat_status", `${res.status} ${text.slice(0, 200)}`);
        else if (toolErrors > 0) errors.fail("chat_stream", text.slice(0, 400));
        else if (!text.includes("Done.")) errors.fail("chat_incomplete", text.slice(-300));
        else chats++;
      }
    };
    const wsLoop = async (o: { origin: string; cookie: string }) => {
      const socket = await upgrade(o.origin, o.cookie).catch((e: Error) => {
        errors.fail("ws_upgrade", `${o.origin}: ${e.message}`);
        return null;
      });
      if (!socket) return;
      sockets.push(socket);
      // Every message carries its number: each echo is matched to its message, so a late echo is
      // told apart from a lost one (an error) and from one that is not ours (an error too).
      const sentAt = new Map<number, number>();
      socket.on("data", (d) => {
        for (const m of d.toString().matchAll(/echo:m(\d+)/g)) {
          const at = sentAt.get(Number(m[1]));
          if (at === undefined) {
            errors.fail("ws_garbled", `${o.origin}: ${d.toString().slice(0, 80)}`);
            continue;
          }
          sentAt.delete(Number(m[1]));
          echoLatencies.push(performance.now() - at);
        }
      });
      socket.on("error", (e) => errors.fail("ws", e.message));
      while (Date.now() < stopAt) {
        const n = wsMessages++;
        sentAt.set(n, performance.now());
        socket.write(`m${n}`);
        await sleep(WS_MESSAGE_MS);
      }
      // The last echoes get as long as a poll cycle; any still missing were lost.
      for (let waited = 0; sentAt.size > 0 && waited < POLL_MS; waited += 100) await sleep(100);
      for (const n of sentAt.keys()) errors.fail("ws_lost", `${o.origin}: message ${n} never echoed`);
      socket.destroy();
    };
    const started = performance.now();
    await Promise.all([
      ...owned.slice(0, CHATS).map((w, i) => chatLoop(w, i)),
      pollInWorker({
        url: web.url,
        stopAt,
        pollMs: POLL_MS,
        users: cookies.map((cookie) => ({
          cookie,
          ids: owned.filter((w) => w.cookie === cookie).map((w) => w.id),
        })),
      }).then((r) => {
        apiLatencies.push(...r.latencies);
        for (const f of r.failures) errors.fail("api", f);
      }),
      ...previews.map((p) => wsLoop(p!)),
    ]);
    const elapsed = (performance.now() - started) / 1000;
    const { roundtrips, roundtripTools } = await fake.collect();
    // Where the tool-call tail comes from: the same round trips, split by tool.
    const byTool = new Map<string, number[]>();
    roundtrips.forEach((ms, i) => {
      const name = roundtripTools[i] ?? "?";
      if (!byTool.has(name)) byTool.set(name, []);
      byTool.get(name)!.push(ms);
    });
    const perTool = [...byTool].map(([name, ms]) => `${name} ${p50p99(ms)}`).join("; ");
    const r = {
      elapsed,
      chats,
      wsMessages,
      roundtrips,
      apiLatencies,
      echoLatencies,
      perTool,
      errors,
      load: loadavg()[0]!,
      toolsPerSecond: roundtrips.length / elapsed,
    };
    console.log(
      `${stepMs} ms per model step, ${elapsed.toFixed(0)} s: ${chats} chats, ${roundtrips.length} tool calls (${p50p99(roundtrips)}; ${perTool}), ${apiLatencies.length} API calls (p99 ${round(percentile(apiLatencies, 99))} ms), ${wsMessages} WS messages (echo ${echoText(echoLatencies)}), ${errors.total()} errors ${JSON.stringify(Object.fromEntries(errors.kinds))}, load average ${r.load.toFixed(1)}`,
    );
    return r;
  };

  // --- load for SECONDS, then the same chats against an instant model ---------------------------
  const main = await loadPhase(SECONDS, MODEL_STEP_MS);
  const saturated = await loadPhase(SATURATION_SECONDS, 0);
  const health = await fetch(`${web.url}/api/healthz`);
  if (health.status !== 200) main.errors.fail("healthz", health.status);

  const perWorkspace = percentile(idleMiB, 50);
  const webRss = processRssMiB(web.pid());
  const errors = setupErrors.total() + main.errors.total();
  const errorKinds = { ...Object.fromEntries(setupErrors.kinds), ...Object.fromEntries(main.errors.kinds) };
  publishBenchmark({
    name: "load",
    heading: "Load",
    machine: machineDescription(),
    intro: [
      `\`npm run bench:load\` (web/bench/load.bench.ts): ${WORKSPACES} running workspaces (real containers, ${USERS} users), ${CHATS} concurrent agent chats (fake model through the real chat route; ${TOOL_CALLS_PER_CHAT} tool calls each: readFile / writeFile / runCommand), one WebSocket per workspace echoing a message every ${WS_MESSAGE_MS} ms through its preview origin, and every user polling its workspace list and each workspace every ${POLL_MS / 1000} s, for ${Math.round(main.elapsed)} s. The fake model takes ${MODEL_STEP_MS} ms per step before its first token, a fast hosted model's time (OpenRouter's take about 0.3-2 s): ten chats then call tools as ten people's agents do. Errors: a failed API call, thread or chat (HTTP status, a tool error in the stream, no final answer), a WebSocket that does not open or fails, an echo lost or not matching its message; an echo that comes later than ${WS_MESSAGE_MS} ms is latency, counted on the WebSocket line below (until 2026-12-04 this bench counted it as an error). Tool-call round trips are timed by the fake model and API latencies by the pollers, each in a worker thread of its own (load-model.ts: from a tool call leaving the model to the request carrying the result arriving, so the model's own time is not in it; load-poll.ts). This run: ${main.chats} chats, ${main.roundtrips.length} tool calls (${main.toolsPerSecond.toFixed(1)}/s), ${main.apiLatencies.length} API calls, ${main.wsMessages} WebSocket messages; 1-min load average at the end: ${main.load.toFixed(1)} on ${cpus().length} vCPUs. Memory per idle workspace: median container memory (docker stats) of the ${WORKSPACES} workspaces with VS Code opened once, before the load. Workspaces per 24 GiB: (24 GiB − the web server's RSS of ${Math.round(webRss)} MiB) ÷ that median.`,
    ],
    after: [
      `Tool call round trips by tool: ${main.perTool}. WebSocket echo through a preview origin: ${echoText(main.echoLatencies)}.`,
      ...(errors ? [`Errors by kind: ${JSON.stringify(errorKinds)}.`] : []),
      `Saturated (not against the targets): then the same ten chats against an instant model for ${Math.round(saturated.elapsed)} s, each answer's next step asked for the moment a tool result arrived: ${saturated.chats} chats, ${saturated.toolsPerSecond.toFixed(1)} tool calls/s (${(saturated.toolsPerSecond / main.toolsPerSecond).toFixed(1)}× the paced rate), tool-call round trip ${p50p99(saturated.roundtrips)}; API p99 ${round(percentile(saturated.apiLatencies, 99))} ms; WebSocket echo ${echoText(saturated.echoLatencies)}; ${saturated.errors.total()} errors${saturated.errors.total() ? ` ${JSON.stringify(Object.fromEntries(saturated.errors.kinds))}` : ""}; 1-min load average ${saturated.load.toFixed(1)}. The machine is then busy to its last cycle (bridges' git and shells, the web server, the fake model): a tool call waits its turn behind ${CHATS - 1} other answers' work, which is what its tail measures.`,
    ],
    metrics: {
      errors: { value: errors, unit: "errors", target: 0, better: "lower" },
      api_p99_ms: {
        value: round(percentile(main.apiLatencies, 99)),
        unit: "ms",
        target: 300,
        better: "lower",
      },
      tool_call_p99_ms: {
        value: round(percentile(main.roundtrips, 99)),
        unit: "ms",
        target: 100,
        better: "lower",
      },
      memory_per_idle_workspace_mib: {
        value: round(perWorkspace),
        unit: "MiB",
        target: 150,
        better: "lower",
      },
      workspaces_per_24gib: {
        value: Math.floor((24 * 1024 - webRss) / perWorkspace),
        unit: "workspaces",
        target: 100,
        better: "higher",
      },
    },
  });
} finally {
  for (const s of sockets) s.destroy();
  await web.stop();
  await fake.close();
  cleanupDocker(run.id);
}

/** The polling in its own worker thread (load-poll.ts): its timings are not the bench's backlog. */
function pollInWorker(job: PollJob): Promise<PollResult> {
  const worker = new Worker(new URL("./load-poll.ts", import.meta.url), { workerData: job });
  return new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

/** The fake model in its own worker thread (load-model.ts): its timestamps are not the bench's backlog. */
async function startModel() {
  const worker = new Worker(new URL("./load-model.ts", import.meta.url), {
    workerData: { toolCallsPerChat: TOOL_CALLS_PER_CHAT },
  });
  const next = () =>
    new Promise<ModelReply>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
  const { baseURL } = (await next()) as { baseURL: string };
  const send = (m: ModelCommand) => worker.postMessage(m);
  return {
    baseURL,
    setStepMs: (stepMs: number) => send({ stepMs }),
    collect: async () => {
      const reply = next();
      send({ collect: true });
      return (await reply) as { roundtrips: number[]; roundtripTools: string[] };
    },
    close: async () => {
      send({ close: true });
      await new Promise((r) => worker.once("exit", r));
    },
  };
}

function containerMemoryMiB(ids: string[]): number[] {
  const out = execFileSync("docker", [
    "stats",
    "--no-stream",
    "--format",
    "{{.MemUsage}}",
    ...ids.map((id) => `kalpana-ws-${id}`),
  ]).toString();
  return out
    .trim()
    .split("\n")
    .map((line) => {
      const m = /^([\d.]+)\s*([KMG]i?B)/.exec(line.trim());
      if (!m) throw new Error(`docker stats: ${line}`);
      const scale = { KiB: 1 / 1024, KB: 1 / 1024, MiB: 1, MB: 1, GiB: 1024, GB: 1024 }[m[2]!] ?? 1;
      return Number(m[1]) * scale;
    });
}

function processRssMiB(pid: number | undefined): number {
  if (!pid) return 0;
  const status = execFileSync("cat", [`/proc/${pid}/status`]).toString();
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** A raw WebSocket upgrade on a workspace origin (the echo server answers "echo:<data>"). */
function upgrade(origin: string, cookie: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const u = new URL(origin);
    const req = request({
      host: u.hostname,
      port: u.port,
      // The root path, as Vite's HMR socket opens it (this benchmark found it hung up by Next's own
      // upgrade listener; web/server.ts now keeps Next away from workspace origins).
      path: "/",
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": Buffer.from("0123456789abcdef").toString("base64"),
        origin,
        cookie,
      },
    });
    req.on("upgrade", (_res, socket) => resolve(socket));
    req.on("response", (res) => reject(new Error(`upgrade ${origin}: ${res.statusCode}`)));
    req.on("error", reject);
    req.end();
  });
}
