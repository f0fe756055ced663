// "Start from the repository's config" in the create form, in a real browser against the real web
// server and the fake GitHub's contents API (no Docker): picking a repository with a devcontainer.json
// and a flake.nix offers both; choosing the devcontainer lists what it brings (packages, variable
// names, hooks, extensions, ports) and what was left out (its image), and the create request then
// carries its generated flake, setup and variables instead of a template. Back to "the toolchain
// chosen above", nothing of it is sent.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { githubSignIn } from "../server/workspaces/api-test.fixture";
import { addSessionCookies, launchBrowser, newPage, screenshot } from "../testing/browser.fixture";
import { type FakeGithub, startFakeGithub } from "../testing/fake-github.fixture";
import { startWebServer, type WebServer } from "../testing/web-server.fixture";

const fixture = (name: string) =>
  readFileSync(new URL(`../server/environments/import/fixtures/${name}`, import.meta.url), "utf8");
let browser: Browser;
let closeBrowser: () => Promise<void>;
let fake: FakeGithub;
let web: WebServer;
let context: BrowserContext;
let page: Page;

before(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  fake = await startFakeGithub();
  fake.addUser({ id: 1, login: "alice", name: "Alice", email: "alice@example.com" }, [
    {
      name: "app",
      private: false,
      branches: ["main"],
      // As on github.com: the clone URL is on GITHUB_URL (the fake's own address is the API's).
      cloneUrl: "https://github.com/alice/app.git",
      // Keyed by ref: the form asks for the branch it shows.
      files: {
        main: {
          ".devcontainer/devcontainer.json": fixture("typescript-node.devcontainer.json"),
          "flake.nix": fixture("devshell.flake.nix"),
        },
      },
    },
    {
      name: "plain",
      private: false,
      branches: ["main"],
      cloneUrl: "https://github.com/alice/plain.git",
      files: { main: { "README.md": "hi" } },
    },
  ]);
  web = await startWebServer({
    GITHUB_CLIENT_ID: fake.clientId,
    GITHUB_CLIENT_SECRET: fake.clientSecret,
    KALPANA_TEST_FAKE_GITHUB: fake.url,
  });
  ({ context, page } = await newPage(browser));
  await addSessionCookies(context, web.url, await githubSignIn(web.url, fake, "alice"));
});

after(async () => {
  await context?.close();
  await closeBrowser?.();
  await web?.stop();
  await fake?.close();
});

/** The next POST /api/workspaces body (answered 503 here: no container is started). */
function nextCreate(): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    void page.route("**/api/workspaces", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      await route.fulfill({ status: 503, json: { error: { code: "unavailable", message: "captured" } } });
      await page.unroute("**/api/workspaces");
      resolve(route.request().postDataJSON());
    });
  });
}

test("a repository's devcontainer.json: offered, summarised, and sent instead of a template", async () => {
  await page.goto(`${web.url}/workspaces/new`);
  const picker = page.getByRole("listbox", { name: "Repositories" });
  await picker.getByRole("option", { name: /alice\/plain/ }).click();
  await page.getByLabel("Branch").waitFor();
  // A repository without a config: no panel.
  await page.waitForTimeout(800);
  assert.equal(await page.getByRole("group", { name: "Start from the repository's config" }).count(), 0);

  await picker.getByRole("option", { name: /alice\/app/ }).click();
  const panel = page.getByRole("group", { name: "Start from the repository's config" });
  await panel.waitFor();
  assert.ok(
    await panel.getByLabel("Use the toolchain chosen above").isChecked(),
    "nothing picked by default",
  );
  await panel.getByLabel("Start from flake.nix").waitFor();
  await panel.getByLabel("Start from .devcontainer/devcontainer.json").check();
  const summary = page.getByRole("region", { name: "What .devcontainer/devcontainer.json brings" });
  const text = (await summary.textContent()) ?? "";
  for (const expected of [
    /Packages\s*nodejs_22, gh/,
    /Variables\s*NODE_ENV, GREETING/,
    /Once, at the first start\s*postCreateCommand: npm install/,
    /At every start\s*postStartCommand: npm run start:watch/,
    /Extensions\s*dbaeumer\.vscode-eslint, ms-vscode\.vscode-typescript-next/,
    /Ports\s*3000, 5173/,
    /image/i, // the devcontainer's image is left out, with how to say it in Nix
  ])
    assert.match(text, expected);
  await page.getByText("Starting from the repository's").waitFor();
  await screenshot(page, "repo-config-01-devcontainer");

  // No template chosen: the repository's config is the toolchain.
  await page.getByLabel("Name").fill("from-repo");
  let sent = nextCreate();
  await page.getByRole("button", { name: "Create workspace" }).click();
  const body = await sent;
  assert.equal(body.template, undefined);
  assert.equal(body.nixConfigKind, "flake");
  assert.match(String(body.nixConfig), /mkShell/);
  assert.deepEqual(
    (body.env as { name: string }[]).map((e) => e.name),
    ["NODE_ENV", "GREETING"],
  );
  const setup = body.setup as { onCreate: { command: string }[]; extensions: string[] };
  assert.deepEqual(
    setup.onCreate.map((h) => h.command),
    ["npm install"],
  );
  assert.deepEqual(setup.extensions, ["dbaeumer.vscode-eslint", "ms-vscode.vscode-typescript-next"]);

  // Back to the toolchain: a template is needed again, and nothing of the config goes along.
  await panel.getByLabel("Use the toolchain chosen above").check();
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.getByText("Choose a template").waitFor();
  await page.getByTestId("template-node").click();
  sent = nextCreate();
  await page.getByRole("button", { name: "Create workspace" }).click();
  const plain = await sent;
  assert.equal(plain.template, "node");
  assert.equal(plain.setup, undefined);
  assert.equal(plain.env, undefined);
});
