// Team templates in the browser: an administrator makes one on the admin page (a flake without
// devShells is refused while typing, a taken id beside its field), edits its flake (v2; the version
// history shows v1's flake), and a workspace made from v1 shows "v1 · update to v2" on the
// dashboard; updating moves it to v2. No Docker: the workspace row is written into the database.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser, newPage, screenshot, signUpInBrowser } from "../testing/browser.fixture";
import { startWebServer, type WebServer } from "../testing/web-server.fixture";

let browser: Browser;
let closeBrowser: () => Promise<void>;
let web: WebServer;
let context: BrowserContext;
let page: Page;

const flake = (marker: string) =>
  `# ${marker}\n{\n  outputs = { self, nixpkgs }: {\n    devShells.x86_64-linux.default = nixpkgs.legacyPackages.x86_64-linux.mkShell { };\n  };\n}\n`;

async function database() {
  process.env.DATABASE_URL = `file:${path.join(web.dataDir, "kalpana.db")}`;
  process.env.KALPANA_DATA_DIR = web.dataDir;
  return (await import("../server/db/client")).db();
}

before(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  web = await startWebServer();
  ({ context, page } = await newPage(browser));
  await signUpInBrowser(page, web.url, "Ada Admin", "ada@example.com"); // the first account
});

after(async () => {
  await (await import("../server/db/client")).db().$disconnect();
  await context?.close();
  await closeBrowser?.();
  await web?.stop();
});

test("an administrator makes and versions a template; a workspace from v1 is offered v2", async () => {
  await page.goto(`${web.url}/admin`);
  const section = page.getByRole("region", { name: "Templates" });
  await section.getByRole("button", { name: "New template" }).click();
  const form = page.getByRole("form", { name: "New template" });
  await form.locator("#tpl-id").fill("node");
  await form.locator("#tpl-name").fill("Data tools");
  await form.locator("#tpl-description").fill("jq and friends");
  await form.locator("#tpl-icon").fill("📊");
  await form.locator("#tpl-memoryMb").fill("768");
  await form.locator("#tpl-flake").fill("{ outputs = _: { packages = {}; }; }");
  await form.getByText("flake.nix declares no devShells").waitFor();
  assert.ok(await form.getByRole("button", { name: "Create template" }).isDisabled());
  await form.locator("#tpl-flake").fill(flake("v1"));
  await form.getByText("declares no devShells").waitFor({ state: "detached" });
  await form.getByRole("button", { name: "Create template" }).click();
  // A built-in's id: the server's 409 appears beside the id field.
  await form
    .locator("#tpl-id-error")
    .getByText(/already a template's id/)
    .waitFor();
  await form.locator("#tpl-id").fill("data");
  await form.getByRole("button", { name: "Create template" }).click();
  await page.getByText("data saved (v1)").waitFor();
  await section.getByTestId("template-data").getByText("v1", { exact: true }).waitFor();
  await screenshot(page, "templates-01-created");

  // A workspace made from v1 (written directly: no Docker here).
  const db = await database();
  const user = await db.user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
  await db.workspace.create({
    data: {
      userId: user.id,
      name: "numbers",
      template: "data",
      templateVersion: 1,
      status: "STOPPED",
      bridgeSecret: "not-used",
      memoryMb: 768,
      cpus: 1,
      pidsLimit: 64,
    },
  });

  const edit = page.getByRole("form", { name: "Edit template data" });
  await edit.locator("#tpl-flake").fill(flake("v2"));
  await edit.getByRole("button", { name: /^Save/ }).click();
  await page.getByText("data saved (v2)").waitFor();
  const history = page.getByRole("region", { name: "Version history" });
  await history.getByTestId("template-version-2").getByText("current", { exact: false }).waitFor();
  await history.getByTestId("template-version-1").getByRole("button", { name: "View" }).click();
  await history.getByText("# v1").waitFor();
  await screenshot(page, "templates-02-history");

  await page.goto(`${web.url}/dashboard`);
  const row = page.getByTestId("workspace-row").filter({ hasText: "numbers" });
  const version = row.getByTestId("template-version");
  await version.getByText("v1", { exact: true }).waitFor();
  await version.getByRole("button", { name: "update to v2" }).click();
  await page.getByText("“numbers” uses v2 from its next start").waitFor();
  await version.getByText("v2", { exact: true }).waitFor();
  assert.equal(await version.getByRole("button").count(), 0, "nothing newer to offer");
  const stored = await db.workspace.findFirstOrThrow({ where: { name: "numbers" } });
  assert.equal(stored.templateVersion, 2);
  await screenshot(page, "templates-03-dashboard");
});
