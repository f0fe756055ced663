// Sign-in as a new user would: GitHub through the local fake (the real better-auth flow), sign out,
// protected pages redirect; and the local sign-in when GitHub is not configured.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchBrowser, newPage, screenshot } from "../testing/browser.fixture";
import { type FakeGithub, startFakeGithub } from "../testing/fake-github.fixture";
import { startWebServer, type WebServer } from "../testing/web-server.fixture";

let browser: Browser;
let closeBrowser: () => Promise<void>;
before(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
});
after(async () => closeBrowser?.());

describe("GitHub sign-in", () => {
  let gh: FakeGithub;
  let web: WebServer;
  before(async () => {
    gh = await startFakeGithub();
    gh.addUser({ id: 4242, login: "octo", name: "Octo Cat", email: "octo@example.com" }, [
      { name: "hello", private: true, branches: ["main", "dev"] },
    ]);
    web = await startWebServer({
      GITHUB_CLIENT_ID: gh.clientId,
      GITHUB_CLIENT_SECRET: gh.clientSecret,
      GITHUB_API_URL: gh.url,
      KALPANA_TEST_FAKE_GITHUB: gh.url,
    });
  });
  after(async () => {
    await web?.stop();
    await gh?.close();
  });

  test("sign in with GitHub → dashboard shows the name → sign out → /dashboard redirects", async () => {
    const { context, page } = await newPage(browser);
    // The browser's github.com authorize step goes to the fake, which redirects back to Kalpana.
    await context.route("https://github.com/**", (route) => {
      const u = new URL(route.request().url());
      return route.fulfill({ status: 302, headers: { location: `${gh.url}${u.pathname}${u.search}` } });
    });
    await page.goto(`${web.url}/dashboard`);
    await page.waitForURL(/\/sign-in/);
    assert.equal(await page.getByRole("form", { name: "Local sign-in" }).count(), 0, "local sign-in is off");
    await screenshot(page, "auth-01-sign-in");
    await page.getByRole("button", { name: "Continue with GitHub" }).click();
    await page.waitForURL(/\/dashboard$/);
    await page.getByTestId("user-menu").getByText("Octo Cat").waitFor();
    await screenshot(page, "auth-02-dashboard");
    assert.ok(gh.requests.includes("POST /login/oauth/access_token"), "token exchanged with the fake");
    assert.ok(gh.requests.includes("GET /user"), "profile read from the fake");

    // The stored OAuth token works for the GitHub module (repo picker), private repos included.
    const repos = await page.evaluate(async () => (await fetch("/api/github/repos")).json());
    assert.deepEqual(
      repos.repos.map((r: { full_name: string; private: boolean }) => [r.full_name, r.private]),
      [["octo/hello", true]],
    );
    const branches = await page.evaluate(async () =>
      (await fetch("/api/github/repos/octo/hello/branches")).json(),
    );
    assert.deepEqual(
      branches.branches.map((b: { name: string }) => b.name),
      ["main", "dev"],
    );

    await page.getByTestId("user-menu").click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${web.url}/dashboard`);
    await page.waitForURL(/\/sign-in\?next=%2Fdashboard/);
    await screenshot(page, "auth-03-signed-out");
    await context.close();
  });
});

describe("local sign-in (no GitHub OAuth app configured)", () => {
  let web: WebServer;
  before(async () => {
    web = await startWebServer({});
  });
  after(async () => web?.stop());

  test("create an account, land on the dashboard, sign out, sign in again", async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${web.url}/`);
    await page.getByRole("link", { name: "Sign in" }).click();
    assert.equal(await page.getByRole("button", { name: "Continue with GitHub" }).count(), 0);
    await page.getByRole("button", { name: "No account yet? Create one" }).click();
    await page.getByLabel("Name").fill("Ada Lovelace");
    await page.getByLabel("Email").fill("ada@example.com");
    await page.getByLabel("Password").fill("analytical-engine");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/dashboard$/);
    await page.getByText("No workspaces yet").waitFor();
    await page.getByTestId("user-menu").getByText("Ada Lovelace").waitFor();
    await screenshot(page, "auth-04-local-dashboard");

    await page.getByTestId("user-menu").click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel("Email").fill("ada@example.com");
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").waitFor();
    await page.getByLabel("Password").fill("analytical-engine");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/dashboard$/);
    await context.close();
  });
});
