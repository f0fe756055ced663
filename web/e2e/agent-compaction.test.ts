// A long thread in the agent panel, against the real server, a running workspace and the real
// OpenRouter provider talking to the local fake: a thread made long by command output on a model
// with a large window, then asked on a model with a small one (its context_length from the fake's
// GET /models) → the request the fake gets carries the summary, fits the window, and the panel
// shows "Earlier messages summarised" right after the last summarised message, opens to the summary,
// and still shows every message, also after a reload.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { waitFor, workspaceTestEnv } from "../server/workspaces/test-env.fixture";
import { addSessionCookies, launchBrowser, newPage, screenshot } from "../testing/browser.fixture";
import { cleanupDocker, dockerAvailable, testRun } from "../testing/docker.fixture";
import { type FakeOpenRouter, startFakeOpenRouter } from "../testing/fake-openrouter.fixture";
import { localSignUp, startWebServer, type WebServer } from "../testing/web-server.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const run = testRun();
const SMALL = "fake/small";
const SMALL_WINDOW = 24_000;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let fake: FakeOpenRouter;
let web: WebServer;
let page: Page;
let workspaceId = "";
let cookie = "";
const call = (method: string, path: string, body?: unknown) =>
  fetch(`${web.url}${path}`, {
    method,
    headers: { cookie, "content-type": "application/json", origin: web.url },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const json = async (method: string, path: string, body?: unknown) => (await call(method, path, body)).json();

before(async () => {
  if (!enabled) return;
  ({ browser, close: closeBrowser } = await launchBrowser());
  fake = await startFakeOpenRouter();
  fake.models.push({ id: SMALL, name: "Fake: small window", context_length: SMALL_WINDOW });
  web = await startWebServer({
    ...workspaceTestEnv(run.labels),
    OPENROUTER_API_KEY: "server-key",
    OPENROUTER_BASE_URL: fake.baseURL,
    KALPANA_MODELS: `openai/gpt-5,${SMALL}`,
  });
  cookie = await localSignUp(web.url, "long@example.com", "Long");
  workspaceId = (await json("POST", "/api/workspaces", { name: "compaction-e2e", template: "node" }))
    .workspace.id;
  const w = await waitFor(
    () => json("GET", `/api/workspaces/${workspaceId}`),
    (r) => ["RUNNING", "ERROR"].includes(r.workspace?.status),
    150_000,
  );
  assert.equal(w.workspace.status, "RUNNING", w.workspace.statusMessage ?? "");
  const ctx = await newPage(browser);
  page = ctx.page;
  await addSessionCookies(ctx.context, web.url, cookie);
});

after(async () => {
  if (!enabled) return;
  if (process.env.KALPANA_E2E_DEBUG) console.log(web.logs().slice(-4000));
  await closeBrowser?.();
  await web?.stop();
  await fake?.close();
  cleanupDocker(run.id);
});

test("a long thread on a small window: the summary goes to the model, the panel marks it and keeps every message", {
  skip: !enabled,
}, async () => {
  const threadId = (await json("POST", `/api/workspaces/${workspaceId}/threads`, { title: "Long thread" }))
    .thread.id;
  await json("PATCH", `/api/workspaces/${workspaceId}/threads/${threadId}`, { approvalMode: "auto" });
  const ask = async (text: string) => {
    const res = await call("POST", `/api/workspaces/${workspaceId}/chat`, {
      threadId,
      model: "openai/gpt-5",
      message: { id: `m-${Math.random()}`, role: "user", parts: [{ type: "text", text }] },
    });
    assert.equal(res.status, 200);
    await res.text();
  };
  // Made long on the 400k model: a pasted log, then three commands with ~10 kB of output each.
  const big = (tag: string) => `printf '${tag} '; head -c 10000 /dev/zero | tr '\\0' 'x'`;
  const runTurn = (tag: string) =>
    fake.script(
      { toolCalls: [{ name: "runCommand", args: { command: big(tag) } }] },
      { text: `Ran ${tag}.` },
    );
  runTurn("OUT-A");
  await ask(`My log:\nPASTE-MARKER ${"nothing useful in this log line. ".repeat(2000)}`);
  runTurn("OUT-B");
  await ask("second");
  runTurn("OUT-C");
  await ask("third");
  assert.ok(JSON.stringify(fake.requests.at(-1)?.messages).includes("PASTE-MARKER"));
  assert.equal(fake.titleRequests.length, 0, "nothing summarised on a large window");
  await json("PATCH", `/api/workspaces/${workspaceId}/threads/${threadId}`, { model: SMALL });

  await page.goto(`${web.url}/workspace/${workspaceId}`);
  const panel = page.getByTestId("agent-panel");
  await panel.getByText("Ran OUT-C.").waitFor({ timeout: 30_000 });
  assert.equal(await panel.getByRole("combobox", { name: "Model" }).inputValue(), SMALL);
  fake.scriptTitle({ text: "SUMMARY-E2E: the person pasted a log; OUT-A was printed." });
  fake.script({ text: "Here is what comes next." });
  await panel.getByTestId("agent-input").fill("what next?");
  await panel.getByTestId("agent-input").press("Enter");
  await panel.getByText("Here is what comes next.").waitFor();

  const body = JSON.stringify(fake.requests.at(-1)?.messages);
  assert.ok(
    body.includes("SUMMARY-E2E") && !body.includes("PASTE-MARKER"),
    "the summary instead of the paste",
  );
  assert.match(body, /\[output trimmed: \d+ chars\]/);
  assert.ok(body.length / 4 < SMALL_WINDOW * 0.75, String(body.length));

  const marker = panel.getByTestId("compaction-marker");
  await marker.waitFor();
  assert.equal(await panel.getByTestId("compaction-summary").isVisible(), false, "closed until asked");
  await marker.getByText("Earlier messages summarised").click();
  await panel
    .getByTestId("compaction-summary")
    .getByText(/SUMMARY-E2E/)
    .waitFor();
  await screenshot(page, "agent-compaction-marker");
  // Every message stays in the panel: the pasted log above the marker, the new answer below it.
  assert.equal(await panel.getByTestId("user-message").count(), 4);
  const order = await panel
    .getByTestId("agent-messages")
    .evaluate((el) => [...el.querySelectorAll("[data-testid]")].map((e) => e.getAttribute("data-testid")));
  const at = order.indexOf("compaction-marker");
  assert.ok(order.indexOf("user-message") < at && order.lastIndexOf("user-message") > at, order.join());

  await page.reload();
  await panel.getByText("Here is what comes next.").waitFor({ timeout: 30_000 });
  await panel.getByTestId("compaction-marker").waitFor();
  await panel
    .getByText(/PASTE-MARKER/)
    .first()
    .waitFor();
  assert.equal(fake.titleRequests.length, 1, "one summary call");
});
