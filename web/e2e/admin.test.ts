// The admin page as an administrator uses it (the first account), and as everyone else sees it
// (nothing: no link, the ordinary 404 page). The administrator stops another user's workspace,
// sets a quota, disables the account (its old cookie stops working at once), filters the audit
// log for what they did, and deletes the workspace.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser, newPage, screenshot, signUpInBrowser } from "../testing/browser.fixture";
import { testRun } from "../testing/docker.fixture";
import { localSignUp, startWebServer, type WebServer } from "../testing/web-server.fixture";

let browser: Browser;
let closeBrowser: () => Promise<void>;
let web: WebServer;
let context: BrowserContext;
let page: Page;
let eveCookie = "";

/** A workspace row for eve, written into the server's database (no Docker needed to list it). */
async function seedWorkspace(dataDir: string, email: string): Promise<void> {
  process.env.DATABASE_URL = `file:${path.join(dataDir, "kalpana.db")}`;
  process.env.KALPANA_DATA_DIR = dataDir;
  const { db } = await import("../server/db/client");
  const user = await db().user.findUniqueOrThrow({ where: { email } });
  await db().workspace.create({
    data: {
      userId: user.id,
      name: "eve-ws",
      template: "node",
      status: "RUNNING",
      bridgeSecret: "not-used",
      memoryMb: 512,
      cpus: 1,
      pidsLimit: 64,
    },
  });
}

before(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  // A label of its own: the orphan list must not show other test runs' containers (never cleaned here).
  web = await startWebServer({ KALPANA_EXTRA_LABELS: testRun().labels });
  ({ context, page } = await newPage(browser));
  await signUpInBrowser(page, web.url, "Ada Admin", "ada@example.com"); // the first account
  eveCookie = await localSignUp(web.url, "eve@example.com", "Eve");
  await seedWorkspace(web.dataDir, "eve@example.com");
});

after(async () => {
  await (await import("../server/db/client")).db().$disconnect();
  await context?.close();
  await closeBrowser?.();
  await web?.stop();
});

const me = (cookie: string) => fetch(`${web.url}/api/me`, { headers: { cookie } }).then((r) => r.status);

async function confirm(button: string, confirmLabel: string, row: string) {
  await page.getByTestId(row).getByRole("button", { name: button }).click();
  await page.getByRole("button", { name: confirmLabel }).click();
}

test("an administrator manages users, workspaces, quotas and reads the audit log", async () => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await page.waitForURL(/\/admin$/);
  assert.equal(await page.title(), "Admin · Kalpana");
  const users = page.getByRole("table", { name: "Users" });
  await users.getByText("eve@example.com").waitFor();
  assert.equal(
    await page.getByTestId("user-ada@example.com").getByRole("cell").nth(1).textContent(),
    "Admin",
  );
  const ws = page.getByTestId("workspace-eve-ws");
  await ws.getByText("RUNNING").waitFor();
  await ws.getByText("eve@example.com").waitFor();
  await page.getByTestId("orphans").getByText("No orphans").waitFor();
  await screenshot(page, "admin-01-console");

  await confirm("Stop", "Stop workspace", "workspace-eve-ws");
  await ws.getByText("STOPPED").waitFor({ timeout: 30_000 });

  await page.getByLabel("Running workspaces per user").fill("1");
  await page.getByRole("button", { name: "Save quotas" }).click();
  await page.getByTestId("quota-effective-perUser").getByText("In force: 1").waitFor();

  assert.equal(await me(eveCookie), 200);
  await confirm("Disable", "Disable account", "user-eve@example.com");
  // The toast comes once the server answered: from then on the old cookie must be refused.
  await page.getByText("eve@example.com is disabled").waitFor();
  await page.getByTestId("user-eve@example.com").getByText("Disabled", { exact: true }).waitFor();
  assert.equal(await me(eveCookie), 401, "the disabled account's cookie stops working at once");

  await page.getByLabel("Action").fill("admin.");
  await page.getByRole("button", { name: "Filter" }).click();
  const events = page.getByRole("table", { name: "Audit events" });
  for (const action of ["admin.user-disable", "admin.quota-set", "admin.workspace-stop"])
    await events.getByText(action, { exact: true }).waitFor();
  // The filter applies: the sign-ups (newer than nothing here, but not admin actions) leave the table.
  await events.getByText("auth.sign-up", { exact: true }).first().waitFor({ state: "detached" });
  await screenshot(page, "admin-02-after-actions");

  await confirm("Delete", "Delete workspace", "workspace-eve-ws");
  await page.getByRole("table", { name: "Workspaces" }).getByText("No workspaces yet.").waitFor();
});

test("a normal account sees no Admin link and the ordinary 404 page at /admin", async () => {
  const cookie = await localSignUp(web.url, "mallory@example.com", "Mallory");
  const { context: other, page: p } = await newPage(browser);
  try {
    const { addSessionCookies } = await import("../testing/browser.fixture");
    await addSessionCookies(other, web.url, cookie);
    await p.goto(`${web.url}/dashboard`);
    await p.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workspaces" }).waitFor();
    assert.equal(await p.getByRole("link", { name: "Admin" }).count(), 0);
    const res = await p.goto(`${web.url}/admin`);
    assert.equal(res?.status(), 404);
    assert.equal(await p.getByText("Users").count(), 0);
    const api = await fetch(`${web.url}/api/admin/users`, { headers: { cookie } });
    assert.equal(api.status, 404);
  } finally {
    await other.close();
  }
});
