// Stopping an answer through the real server (custom server + Next route + the browser's way of
// stopping: the chat request is aborted). The command inside the container dies, and the model is
// not asked again with the cancelled command's result: a stopped answer is over.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import { cleanupDocker, dockerAvailable, testRun } from "../../testing/docker.fixture";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import { localSignUp, startWebServer, type WebServer } from "../../testing/web-server.fixture";
import { type Api, apiAs, createRunning } from "../workspaces/api-test.fixture";
import { waitFor, workspaceTestEnv } from "../workspaces/test-env.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const run = testRun();
let web: WebServer;
let fake: FakeOpenRouter;
let cookie = "";
let api: Api;
let workspaceId = "";

before(async () => {
  if (!enabled) return;
  fake = await startFakeOpenRouter();
  web = await startWebServer({
    ...workspaceTestEnv(run.labels),
    OPENROUTER_API_KEY: "server-key",
    OPENROUTER_BASE_URL: fake.baseURL,
    KALPANA_MODELS: "openai/gpt-5",
  });
  cookie = await localSignUp(web.url, "stop@example.com", "Stop");
  api = apiAs(web.url, cookie);
  workspaceId = (await createRunning(api, { name: "stop", template: "node" })).id;
});

after(async () => {
  if (!enabled) return;
  await web?.stop();
  await fake?.close();
  cleanupDocker(run.id);
});

const sleeping = () => {
  try {
    execFileSync("docker", ["exec", `kalpana-ws-${workspaceId}`, "pgrep", "-f", "^sleep 600$"]);
    return true;
  } catch {
    return false;
  }
};

/** A new thread's first message, as the panel sends it (the browser's own chat request). */
async function chat(messageId: string, text: string, signal?: AbortSignal): Promise<Response> {
  const thread = await api("POST", `/api/workspaces/${workspaceId}/threads`, {});
  assert.equal(thread.status, 201);
  return fetch(`${web.url}/api/workspaces/${workspaceId}/chat`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: web.url },
    body: JSON.stringify({
      threadId: thread.json.thread.id,
      model: "openai/gpt-5",
      approvalMode: "auto",
      message: { id: messageId, role: "user", parts: [{ type: "text", text }] },
    }),
    signal,
  });
}

test("an aborted chat request kills its command and sends the model nothing more", {
  skip: !enabled,
}, async () => {
  fake.script({ toolCalls: [{ name: "runCommand", args: { command: "sleep 600" } }] }, { text: "too late" });
  const ac = new AbortController();
  const res = await chat("m-stop", "wait", ac.signal);
  assert.equal(res.status, 200);
  const reading = res.body!.pipeTo(new WritableStream()).catch(() => undefined);
  await waitFor(async () => sleeping(), Boolean, 30_000);
  const asked = fake.requests.length;
  const at = Date.now();
  ac.abort();
  await reading;
  await waitFor(async () => !sleeping(), Boolean, 5000);
  assert.ok(Date.now() - at < 2000, "sleep 600 gone within 2 s of the abort");
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(fake.requests.length, asked, "the model was asked again after the stop");
  // The stopped answer is stored and audited as cancelled.
  const audit = await waitFor(
    () => api("GET", `/api/workspaces/${workspaceId}/audit`),
    (r) => JSON.stringify(r.json).includes("cancelled"),
    10_000,
  );
  assert.equal(audit.status, 200);
});

// Next bundles the chat route apart from the custom server, which holds the workspace's bridge
// connection: the route must still recognise that connection's errors (bridge/protocol/bridge-error.ts).
test("a tool's bridge error reaches the model with its code through the real route, and no MCP config is no failure", {
  skip: !enabled,
}, async () => {
  const logged = web.logs().length;
  fake.clearScript();
  fake.script({ toolCalls: [{ name: "readFile", args: { path: "no/such/file.txt" } }] }, { text: "ok" });
  const res = await chat("m-missing", "read it");
  assert.equal(res.status, 200);
  await res.text();
  const toolResult = JSON.stringify(fake.requests.at(-1)?.messages.filter((m) => m.role === "tool"));
  assert.match(toolResult, /ENOENT[^"]*\(not found\)/, "the model reads the bridge's code and hint");
  assert.doesNotMatch(toolResult, /failed unexpectedly/);
  const log = web.logs().slice(logged);
  assert.doesNotMatch(log, /could not connect the workspace's servers|tool failed/);
});
