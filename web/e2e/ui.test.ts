// The pages around the workspaces, as a person uses them with the keyboard and mouse (no Docker
// needed): settings (own OpenRouter key: test, save masked, default model, theme), the create form's
// inline validation and the server's 400 next to the field its details name, the GitHub-not-linked
// hint, titles, a missing workspace, and everything at 1024 px wide.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser, newPage, screenshot } from "../testing/browser.fixture";
import { startWebServer, type WebServer } from "../testing/web-server.fixture";

let browser: Browser;
let closeBrowser: () => Promise<void>;
let web: WebServer;
let openrouter: Server;
let context: BrowserContext;
let page: Page;
/** The OpenRouter key card: Settings has other forms with a Save button (dotfiles, variables). */
const keyForm = () => page.getByRole("form", { name: "OpenRouter API key" });

// A stand-in OpenRouter: GET /key knows one good key, GET /models lists the catalogue.
function startKeyServer(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const good = req.headers.authorization === "Bearer sk-or-good-9876";
    res.setHeader("content-type", "application/json");
    if (req.url === "/api/v1/key") {
      res.writeHead(good ? 200 : 401);
      return res.end(
        JSON.stringify(good ? { data: { usage: 0.25, limit: 5 } } : { error: { message: "No auth" } }),
      );
    }
    if (req.url === "/api/v1/models") {
      return res.end(
        JSON.stringify({
          data: [
            { id: "a/one", name: "Model One" },
            { id: "b/two", name: "Model Two" },
          ],
        }),
      );
    }
    res.writeHead(404).end("{}");
  });
  return new Promise((r) =>
    server.listen(0, "127.0.0.1", () =>
      r({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1` }),
    ),
  );
}

before(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  const keys = await startKeyServer();
  openrouter = keys.server;
  web = await startWebServer({ OPENROUTER_BASE_URL: keys.base, KALPANA_MODELS: "a/one,b/two" });
  ({ context, page } = await newPage(browser));
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(`${web.url}/sign-in`);
  await page.getByRole("button", { name: "No account yet? Create one" }).click();
  await page.getByLabel("Name").fill("Grace Hopper");
  await page.getByLabel("Email").fill("grace@example.com");
  await page.getByLabel("Password").fill("compiler-1952");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/dashboard$/);
});

after(async () => {
  await context?.close();
  await closeBrowser?.();
  await web?.stop();
  openrouter?.close();
});

test("dashboard: empty state with a first step, page title, 1024 px", async () => {
  await page.getByRole("link", { name: "Create your first workspace" }).waitFor();
  assert.equal(await page.title(), "Workspaces · Kalpana");
  await screenshot(page, "ui-01-dashboard-1024");
});

test("settings by keyboard: user menu → Settings; a key is tested, saved masked, removed", async () => {
  await page.getByTestId("user-menu").focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowDown"); // Workspaces → Settings
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/settings$/);
  assert.equal(await page.title(), "Settings · Kalpana");

  await page.getByText("No key saved").waitFor();
  await page.getByLabel("API key", { exact: true }).fill("sk-or-bad-123456");
  await page.getByRole("button", { name: "Test" }).click();
  await page.getByTestId("key-test").getByText("rejected this key (401)").waitFor();
  await screenshot(page, "ui-02-settings-key-rejected");

  await page.getByLabel("API key", { exact: true }).fill("sk-or-good-9876");
  await keyForm().getByRole("button", { name: "Save" }).click();
  await page.getByTestId("toast").filter({ hasText: "API key saved" }).waitFor();
  await page.getByTestId("stored-key").getByText("••••9876").waitFor();
  assert.equal(
    await page.getByLabel("Replace the key").inputValue(),
    "",
    "the typed key is not kept in the page",
  );
  const html = await page.content();
  assert.ok(!html.includes("sk-or-good-9876"), "the full key never comes back to the browser");
  await page.getByRole("button", { name: "Test" }).click();
  await page
    .getByTestId("key-test")
    .getByText("OpenRouter accepted the key · used $0.25 of $5.00.")
    .waitFor();

  await page.getByLabel("Default model").selectOption("b/two");
  await page.getByTestId("toast").filter({ hasText: "Default model: Model Two" }).waitFor();
  await page.reload();
  await page.getByTestId("stored-key").getByText("••••9876").waitFor();
  assert.equal(await page.getByLabel("Default model").inputValue(), "b/two");
  await screenshot(page, "ui-03-settings-key-saved");

  await page.getByRole("button", { name: "Remove" }).click();
  await page.getByText("No key saved").waitFor();
});

test("theme: dark from Settings sticks across reloads and pages", async () => {
  await page.getByText("Dark", { exact: true }).click();
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains("dark")), true);
  await page.reload();
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains("dark")), true);
  assert.match(
    (await page.getByRole("button", { name: /^Theme: dark/ }).getAttribute("aria-label")) ?? "",
    /dark/,
  );
  await screenshot(page, "ui-04-settings-dark");
  await page.goto(`${web.url}/dashboard`);
  await screenshot(page, "ui-05-dashboard-dark");
  await page.goto(`${web.url}/settings`);
  await page.getByText("Light", { exact: true }).click();
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains("dark")), false);
});

test("create form: inline errors, GitHub-not-linked hint, the server's 400 beside its field", async () => {
  await page.goto(`${web.url}/workspaces/new`);
  assert.equal(await page.title(), "New workspace · Kalpana");
  await page.getByText("GitHub is not linked to this account").waitFor();
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.getByText("Name is required").waitFor();
  await page.getByText("Choose a template").waitFor();
  await screenshot(page, "ui-06-create-errors");

  await page.getByLabel("Name").fill("bad/name");
  await page.getByText("Name may use letters").waitFor();
  await page.getByLabel("Name").fill("ok-name");
  await page.getByTestId("template-node").click();
  assert.equal(await page.getByText("Choose a template").count(), 0, "errors clear as they are fixed");

  await page.getByRole("button", { name: "paste a public repository URL" }).click();
  await page.getByLabel("Repository URL").fill("https://evil.example.com/o/r");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page
    .getByRole("alert")
    .filter({ hasText: "Only repositories on github.com can be cloned" })
    .waitFor();
  assert.match(page.url(), /\/workspaces\/new$/, "stays on the form");
  await screenshot(page, "ui-07-create-server-error");
});

// The server's refusal carries the field in its details (contract/errors.ts); the form puts the
// message beside that field: the input is marked invalid and described by the message.
async function fieldError(label: string, exact = false) {
  const input = page.getByLabel(label, { exact });
  await page.waitForFunction(
    (el) => el?.getAttribute("aria-invalid") === "true",
    await input.elementHandle(),
  );
  const described = await input.getAttribute("aria-describedby");
  assert.ok(described, `${label} names no message`);
  return (await page.locator(`#${described}`).textContent()) ?? "";
}

test("server refusals land on the field their details name (create form, settings)", async () => {
  await page.goto(`${web.url}/workspaces/new`);
  await page.getByLabel("Name").fill("field-errors");
  await page.getByTestId("template-node").click();
  await page.getByRole("button", { name: "paste a public repository URL" }).click();
  // A host only the server knows to refuse: the browser checks the URL's shape, not its host.
  await page.getByLabel("Repository URL").fill("https://evil.example.com/o/r");
  const created = page.waitForResponse(
    (r) => r.url().endsWith("/api/workspaces") && r.request().method() === "POST",
  );
  await page.getByRole("button", { name: "Create workspace" }).click();
  assert.equal((await created).status(), 400, "the server refused it, not the form");
  assert.equal(await fieldError("Repository URL"), "Only repositories on github.com can be cloned");
  assert.equal(await page.getByLabel("Name").getAttribute("aria-invalid"), "false", "only that field");

  await page.goto(`${web.url}/settings`);
  await page.getByText("No key saved").waitFor();
  await page.getByLabel("API key", { exact: true }).fill("sk-1");
  await keyForm().getByRole("button", { name: "Save" }).click();
  assert.equal(await fieldError("API key", true), "API key looks too short");
  await page.getByLabel("API key", { exact: true }).fill("sk-or has spaces");
  await keyForm().getByRole("button", { name: "Save" }).click();
  await page.getByText("API key may not contain spaces or control characters").waitFor();
  assert.equal(await fieldError("API key", true), "API key may not contain spaces or control characters");
});

test("an unknown workspace shows a clear not-found page", async () => {
  await page.goto(`${web.url}/workspace/does-not-exist`);
  await page.getByRole("heading", { name: "Workspace not found" }).waitFor();
  await page.getByRole("link", { name: "All workspaces" }).click();
  await page.waitForURL(/\/dashboard$/);
});
