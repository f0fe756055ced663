// The agent panel as a person uses it, against the real server, Docker, code-server and the real
// OpenRouter provider talking to the local fake: ask → tool cards appear live → approve the command
// → the file the agent wrote shows up in VS Code's Explorer on the left; the history survives a reload.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { waitFor, workspaceTestEnv } from "../server/workspaces/test-env.fixture";
import { addSessionCookies, launchBrowser, newPage, screenshot } from "../testing/browser.fixture";
import { cleanupDocker, dockerAvailable, testRun } from "../testing/docker.fixture";
import { type FakeOpenRouter, startFakeOpenRouter } from "../testing/fake-openrouter.fixture";
import { localSignUp, startWebServer, type WebServer } from "../testing/web-server.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const run = testRun();
let browser: Browser;
let closeBrowser: () => Promise<void>;
let fake: FakeOpenRouter;
let web: WebServer;
let page: Page;
let workspaceId = "";
let cookie = "";
const call = (method: string, path: string, body?: unknown, who = cookie) =>
  fetch(`${web.url}${path}`, {
    method,
    headers: { cookie: who, "content-type": "application/json", origin: web.url },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, json: await r.json() }));

before(async () => {
  if (!enabled) return;
  ({ browser, close: closeBrowser } = await launchBrowser());
  fake = await startFakeOpenRouter();
  web = await startWebServer({
    ...workspaceTestEnv(run.labels),
    OPENROUTER_API_KEY: "server-key",
    OPENROUTER_BASE_URL: fake.baseURL,
    KALPANA_MODELS: "openai/gpt-5,anthropic/claude-sonnet-4.5",
  });
  cookie = await localSignUp(web.url, "ada@example.com", "Ada");
  workspaceId = (await call("POST", "/api/workspaces", { name: "agent-e2e", template: "node" })).json
    .workspace.id;
  const w = await waitFor(
    () => call("GET", `/api/workspaces/${workspaceId}`),
    (r) => ["RUNNING", "ERROR"].includes(r.json.workspace?.status),
    150_000,
  );
  assert.equal(w.json.workspace.status, "RUNNING", w.json.workspace.statusMessage ?? "");
  const ctx = await newPage(browser);
  page = ctx.page;
  await addSessionCookies(ctx.context, web.url, cookie);
});

after(async () => {
  if (!enabled) return;
  if (process.env.KALPANA_E2E_DEBUG) {
    await screenshot(page, "agent-last");
    console.log(web.logs().slice(-4000));
  }
  await closeBrowser?.();
  await web?.stop();
  await fake?.close();
  cleanupDocker(run.id);
});

test("ask the agent → live tool cards → approve → the file appears in VS Code's Explorer", {
  skip: !enabled,
}, async () => {
  page.on("console", (m) => m.type() === "error" && console.log("[browser]", m.text()));
  page.on("pageerror", (e) => console.log("[pageerror]", e.message, e.stack));
  await page.goto(`${web.url}/workspace/${workspaceId}`);
  const panel = page.getByTestId("agent-panel");
  await panel.getByText("Ask the agent about this workspace").waitFor({ timeout: 30_000 });
  fake.script(
    {
      text: "I'll create the file.",
      toolCalls: [{ name: "writeFile", args: { path: "agent-made.txt", content: "from the agent\n" } }],
    },
    // A slow next turn keeps the answer streaming, so the first card must already be on screen.
    { toolCalls: [{ name: "runCommand", args: { command: "cat agent-made.txt" } }], delayMs: 2500 },
    { text: "Done: `agent-made.txt` contains **from the agent**." },
  );
  await panel.getByTestId("agent-input").fill("Create agent-made.txt and show it");
  await panel.getByTestId("agent-input").press("Enter");
  await panel
    .locator('[data-testid="tool-card"][data-tool="writeFile"][data-state="output-available"]')
    .waitFor();
  assert.equal(
    await panel.getByTestId("agent-stop").isVisible(),
    true,
    "the card appeared while the answer was still running",
  );
  await screenshot(page, "agent-01-live-card");

  // Ask mode (the default): the command waits for approval.
  const cmd = panel.locator('[data-testid="tool-card"][data-tool="runCommand"]');
  await cmd.and(page.locator('[data-state="approval-requested"]')).waitFor({ timeout: 20_000 });
  await screenshot(page, "agent-02-approval");
  await cmd.getByRole("button", { name: "Approve" }).click();
  await cmd.and(page.locator('[data-state="output-available"]')).waitFor({ timeout: 30_000 });
  // The whole card's text: when the command failed, the assertion shows why.
  assert.match(String(await cmd.textContent()), /from the agent/);
  await panel.getByText("contains").waitFor();
  await panel.getByTestId("usage").first().waitFor();
  assert.equal(
    execFileSync("docker", [
      "exec",
      `kalpana-ws-${workspaceId}`,
      "cat",
      "/workspace/agent-made.txt",
    ]).toString(),
    "from the agent\n",
  );

  const ide = page.frameLocator('[data-testid="ide-frame"]');
  await ide
    .locator(".explorer-folders-view")
    .getByText("agent-made.txt", { exact: true })
    .first()
    .waitFor({ timeout: 120_000 });
  await screenshot(page, "agent-03-explorer");

  // "Open in editor" reopens VS Code with the file in an editor tab (code-server's payload openFile).
  const card = panel.locator('[data-testid="tool-card"][data-tool="writeFile"]');
  await card.getByRole("button").first().click();
  await card.getByRole("button", { name: "Open in editor" }).click();
  await ide.locator(".tabs-container").getByText("agent-made.txt").first().waitFor({ timeout: 120_000 });
  await screenshot(page, "agent-04-open-in-editor");

  // History and the thread title survive a reload.
  await page.reload();
  await panel.locator('[data-testid="tool-card"][data-tool="writeFile"]').waitFor({ timeout: 30_000 });
  assert.match(
    String(await panel.getByTestId("thread-select").textContent()),
    /Create agent-made.txt and show it/,
  );
});

test("Esc stops the answer and kills the command inside the container within 2 s", {
  skip: !enabled,
}, async () => {
  const panel = page.getByTestId("agent-panel");
  await panel.getByTestId("thread-new").click(); // a thread of its own (the last test's is reopened)
  await panel.getByText("Ask the agent about this workspace").waitFor();
  await panel.getByRole("checkbox", { name: "Auto-run" }).check();
  fake.script({ toolCalls: [{ name: "runCommand", args: { command: "sleep 600" } }] });
  const input = panel.getByTestId("agent-input");
  await input.fill("wait for a long time");
  await input.press("Enter");
  const sleeping = () => {
    try {
      execFileSync("docker", ["exec", `kalpana-ws-${workspaceId}`, "pgrep", "-f", "^sleep 600$"]);
      return true;
    } catch {
      return false;
    }
  };
  await waitFor(async () => sleeping(), Boolean, 30_000);
  await panel.locator('[data-testid="tool-card"][data-tool="runCommand"]').waitFor();
  const at = Date.now();
  await input.press("Escape");
  await waitFor(async () => !sleeping(), Boolean, 2000);
  assert.ok(Date.now() - at < 2000, "sleep 600 gone within 2 s of Esc");
  await panel.getByTestId("agent-send").waitFor();
  await screenshot(page, "agent-05-stopped");
});

/** Until the fake model has had no request for 1.5 s: an answer stopped by the last test may still
 * send its last step, and must not take the turn this test scripts. */
async function modelQuiet(): Promise<void> {
  let seen = -1;
  while (seen !== fake.requests.length) {
    seen = fake.requests.length;
    await new Promise((r) => setTimeout(r, 1500));
  }
}

test("a provider error shows a clear message, and Retry answers", { skip: !enabled }, async () => {
  await modelQuiet();
  const panel = page.getByTestId("agent-panel");
  fake.script({ status: 402, message: "Insufficient credits" });
  await panel.getByTestId("agent-input").fill("hello?");
  await panel.getByTestId("agent-input").press("Enter");
  await panel
    .getByTestId("agent-error")
    .getByText(/out of credits/)
    .waitFor();
  assert.equal(
    await panel.getByText("Insufficient credits").count(),
    0,
    "the provider's own text stays in the log",
  );
  await screenshot(page, "agent-06-provider-error");
  fake.script({ text: "Back in business." });
  await panel.getByTestId("agent-error").getByRole("button", { name: "Retry" }).click();
  await panel.getByText("Back in business.").waitFor();
  assert.equal(await panel.getByTestId("agent-error").count(), 0);
});

test("VS Code's selection → the chip → the model gets file, range and text; the edit opens as a diff without a reload", {
  skip: !enabled,
}, async () => {
  await modelQuiet();
  execFileSync("docker", [
    "exec",
    `kalpana-ws-${workspaceId}`,
    "sh",
    "-c",
    "printf 'line one\\nline two\\nline three\\nline four\\n' > /workspace/sel.txt",
  ]);
  const panel = page.getByTestId("agent-panel");
  await panel.getByTestId("thread-new").click();
  await panel.getByText("Ask the agent about this workspace").waitFor();
  const frame = await (await page.getByTestId("ide-frame").elementHandle())!.contentFrame();
  assert.ok(frame, "the IDE frame");
  await frame.waitForSelector(".explorer-folders-view", { timeout: 120_000 });
  // A mark in the workbench's window: a reload would lose it.
  await frame.evaluate(() => {
    (window as unknown as { kalpanaMark: string }).kalpanaMark = "kept";
  });

  // The extension opens the file at lines 2-3 (the command channel), then the person selects with
  // the keyboard in the real editor: lines 2-4.
  // The extension activates once the workbench has started ("onStartupFinished").
  const opened = await waitFor(
    () =>
      call("POST", `/api/workspaces/${workspaceId}/editor`, {
        action: "open",
        path: "sel.txt",
        line: 2,
        endLine: 3,
      }),
    (r) => r.json.delivered === true || r.status !== 200,
    60_000,
  );
  assert.deepEqual(opened.json, { delivered: true }, JSON.stringify(opened.json));
  const chip = panel.getByTestId("editor-chip");
  await chip.getByText("sel.txt, lines 2-3 selected").waitFor({ timeout: 30_000 });
  const ide = page.frameLocator('[data-testid="ide-frame"]');
  await ide.locator(".monaco-editor .view-line").nth(1).click();
  await page.keyboard.press("Home");
  await page.keyboard.press("Shift+ArrowDown");
  await page.keyboard.press("Shift+ArrowDown");
  await page.keyboard.press("Shift+End");
  await chip.getByText("sel.txt, lines 2-4 selected").waitFor({ timeout: 10_000 });
  await screenshot(page, "agent-07-editor-chip");

  fake.script({ text: "It lists lines." });
  const input = panel.getByTestId("agent-input");
  await input.fill("What is this?");
  await input.press("Enter");
  await panel.getByText("It lists lines.").waitFor();
  const sent = JSON.stringify(fake.requests.at(-1)!.messages);
  assert.match(sent, /Open in the editor: sel\.txt/);
  assert.match(sent, /Selected, lines 2-4/);
  assert.match(sent, /line two\\nline three\\nline four/);
  assert.match(sent, /untrusted-data source=\\"editor\\"/, "as delimited data");
  await panel.getByTestId("sent-with").getByText("sel.txt, lines 2-4 selected").waitFor();
  // The answer's text shows before its stream ends; Enter is ignored until the panel is idle.
  await panel.getByTestId("agent-send").waitFor();

  // The agent edits the file; "Show diff in VS Code" opens VS Code's diff editor in place.
  fake.script(
    {
      toolCalls: [
        { name: "editFile", args: { path: "sel.txt", oldString: "line two", newString: "line 2" } },
      ],
    },
    { text: "Edited." },
  );
  await input.fill("Use a digit on line two");
  await input.press("Enter");
  const card = panel.locator(
    '[data-testid="tool-card"][data-tool="editFile"][data-state="output-available"]',
  );
  await card.waitFor({ timeout: 30_000 });
  await card.getByRole("button", { name: "Show diff in VS Code" }).click();
  await ide.locator(".monaco-diff-editor").first().waitFor({ timeout: 30_000 });
  await ide.locator(".tabs-container").getByText("sel.txt (agent's edit)").first().waitFor();
  await panel.getByText("Edited.").waitFor();
  await panel.getByTestId("agent-send").waitFor();
  await screenshot(page, "agent-08-diff");
  assert.equal(
    await frame.evaluate(() => (window as unknown as { kalpanaMark?: string }).kalpanaMark),
    "kept",
    "the workbench did not reload",
  );
});

test("API: models, threads, audit; another user gets 404 everywhere", { skip: !enabled }, async () => {
  const models = await call("GET", "/api/models");
  assert.deepEqual(
    models.json.models.map((m: { id: string }) => m.id),
    ["openai/gpt-5", "anthropic/claude-sonnet-4.5"],
  );
  assert.equal(models.json.models[0].name, "OpenAI: GPT-5", "names come from OpenRouter's list");

  const created = await call("POST", `/api/workspaces/${workspaceId}/threads`, {});
  assert.equal(created.status, 201);
  const tid = created.json.thread.id;
  const renamed = await call("PATCH", `/api/workspaces/${workspaceId}/threads/${tid}`, {
    title: "Renamed",
    approvalMode: "auto",
  });
  assert.equal(renamed.json.thread.title, "Renamed");
  assert.equal(renamed.json.thread.approvalMode, "auto");
  assert.equal(
    (await call("PATCH", `/api/workspaces/${workspaceId}/threads/${tid}`, { model: "evil/x" })).status,
    400,
  );
  const bad = await call("POST", `/api/workspaces/${workspaceId}/chat`, {
    threadId: tid,
    model: "evil/x",
    message: { id: "m", role: "user", parts: [{ type: "text", text: "hi" }] },
  });
  assert.equal(bad.status, 400);
  assert.match(bad.json.error.message, /not allowed/);

  const audit = await call("GET", `/api/workspaces/${workspaceId}/audit`);
  const actions = audit.json.events.map((e: { action: string }) => e.action);
  assert.ok(actions.includes("agent.writeFile") && actions.includes("agent.runCommand"), actions.join());

  const eve = await localSignUp(web.url, "eve@example.com", "Eve");
  for (const [method, path] of [
    ["GET", `/api/workspaces/${workspaceId}/threads`],
    ["GET", `/api/workspaces/${workspaceId}/threads/${tid}`],
    ["DELETE", `/api/workspaces/${workspaceId}/threads/${tid}`],
    ["GET", `/api/workspaces/${workspaceId}/audit`],
    ["POST", `/api/workspaces/${workspaceId}/chat`],
    ["POST", `/api/workspaces/${workspaceId}/editor`],
  ] as const) {
    const r = await call(
      method,
      path,
      path.endsWith("/editor")
        ? { action: "open", path: "sel.txt" }
        : method === "POST"
          ? {
              threadId: tid,
              model: "openai/gpt-5",
              message: { id: "m", role: "user", parts: [{ type: "text", text: "hi" }] },
            }
          : undefined,
      eve,
    );
    assert.equal(r.status, 404, `${method} ${path}`);
  }
  assert.equal((await call("GET", `/api/workspaces/${workspaceId}/threads`, undefined, "")).status, 401);
  assert.equal((await call("DELETE", `/api/workspaces/${workspaceId}/threads/${tid}`)).status, 200);
});

test("Undo changes: the preview lists the answer's files, restore puts them back, VS Code follows", {
  skip: !enabled,
}, async () => {
  const inWs = (script: string) =>
    execFileSync("docker", ["exec", `kalpana-ws-${workspaceId}`, "sh", "-c", script]).toString();
  inWs("printf 'mine\\n' > /workspace/notes.md");
  await modelQuiet();
  const panel = page.getByTestId("agent-panel");
  await panel.getByTestId("thread-new").click();
  await panel.getByText("Ask the agent about this workspace").waitFor();
  fake.script(
    {
      toolCalls: [
        { name: "writeFile", args: { path: "undo-me.txt", content: "made by the agent\n" } },
        { name: "writeFile", args: { path: "notes.md", content: "rewritten by the agent\n" } },
      ],
    },
    { text: "Both files written." },
  );
  await panel.getByTestId("agent-input").fill("write undo-me.txt and rewrite notes.md");
  await panel.getByTestId("agent-input").press("Enter");
  await panel.getByText("Both files written.").waitFor({ timeout: 30_000 });
  assert.equal(inWs("cat /workspace/notes.md"), "rewritten by the agent\n");
  const ide = page.frameLocator('[data-testid="ide-frame"]');
  const explorerEntry = ide.locator(".explorer-folders-view").getByText("undo-me.txt", { exact: true });
  await explorerEntry.first().waitFor({ timeout: 120_000 });

  await panel.getByTestId("undo-changes").last().click({ timeout: 30_000 });
  const dialog = page.getByRole("dialog", { name: "Undo this answer's changes?" });
  const preview = dialog.getByTestId("undo-preview");
  await preview.waitFor();
  assert.match(String(await preview.textContent()), /notes\.md — restore/);
  assert.match(String(await preview.textContent()), /undo-me\.txt — remove \(added by the agent\)/);
  await screenshot(page, "agent-05-undo-preview");
  await dialog.getByTestId("undo-confirm").click();
  await panel.getByTestId("undo-done").getByText("Restored 2 files.").waitFor();
  assert.equal(inWs("cat /workspace/notes.md"), "mine\n");
  assert.equal(inWs("test -e /workspace/undo-me.txt && echo there || echo gone").trim(), "gone");
  await explorerEntry.first().waitFor({ state: "detached", timeout: 60_000 });
  await screenshot(page, "agent-06-undone");
});
