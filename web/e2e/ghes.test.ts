// GitHub Enterprise Server for real: with GITHUB_URL / GITHUB_API_URL on a GHES host (a fake one on a
// host and port of its own, the API under /api/v3), sign-in, the repository picker and clone URLs all
// go there. The server runs WITHOUT the test preload that reroutes github.com (github-intercept.mjs),
// and the browser may not reach github.com at all: only the production code path can pass.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchBrowser, newPage, screenshot } from "../testing/browser.fixture";
import { type FakeGithub, startFakeGithub } from "../testing/fake-github.fixture";
import { startWebServer, type WebServer } from "../testing/web-server.fixture";

let browser: Browser;
let closeBrowser: () => Promise<void>;
let ghes: FakeGithub;
let web: WebServer;

before(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  // 127.0.0.2: another host than the app's (kalpana.localhost → 127.0.0.1), no DNS trick needed.
  ghes = await startFakeGithub({ host: "127.0.0.2", apiPrefix: "/api/v3", authorizePage: true });
  ghes.addUser({ id: 7, login: "enterprise-dev", name: "Enterprise Dev", email: "dev@corp.example" }, [
    { name: "monolith", private: true, branches: ["trunk", "release"] },
    { name: "tools", private: false, branches: ["main"] },
  ]);
  web = await startWebServer({
    GITHUB_CLIENT_ID: ghes.clientId,
    GITHUB_CLIENT_SECRET: ghes.clientSecret,
    GITHUB_URL: ghes.url,
    GITHUB_API_URL: ghes.apiUrl,
  });
});

after(async () => {
  await closeBrowser?.();
  await web?.stop();
  await ghes?.close();
});

describe("GitHub Enterprise Server", () => {
  test("the server runs without the github.com rerouting preload", () => {
    const cmdline = readFileSync(`/proc/${web.pid()}/cmdline`, "utf8").split("\0");
    assert.ok(cmdline.includes("web/server.ts"), `the server process: ${cmdline.join(" ")}`);
    assert.ok(
      !cmdline.some((a) => a.includes("github-intercept")),
      `no intercept preload: ${cmdline.join(" ")}`,
    );
  });

  test("Continue with GitHub → the GHES authorize page → back signed in; picker and clone URL on GHES", async () => {
    const { context, page } = await newPage(browser);
    const toGithubCom: string[] = [];
    await context.route(/^https?:\/\/([^/]+\.)?github\.com\//, (route) => {
      toGithubCom.push(route.request().url());
      return route.abort();
    });

    await page.goto(`${web.url}/dashboard`);
    await page.waitForURL(/\/sign-in/);
    await page.getByRole("button", { name: "Continue with GitHub" }).click();
    await page.waitForURL((u) => u.origin === ghes.url && u.pathname === "/login/oauth/authorize");
    const authorize = new URL(page.url());
    assert.equal(authorize.searchParams.get("client_id"), ghes.clientId);
    assert.equal(authorize.searchParams.get("redirect_uri"), `${web.url}/api/auth/callback/github`);
    assert.match(authorize.searchParams.get("scope") ?? "", /repo/);
    await page.getByText("Signed in as enterprise-dev").waitFor();
    await screenshot(page, "ghes-01-authorize");
    await page.getByRole("link", { name: "Authorize" }).click();
    await page.waitForURL(/\/dashboard$/);
    await page.getByTestId("user-menu").getByText("Enterprise Dev").waitFor();
    await screenshot(page, "ghes-02-dashboard");

    // Token exchange, profile and emails all went to the GHES host, the API under /api/v3.
    for (const step of ["POST /login/oauth/access_token", "GET /api/v3/user", "GET /api/v3/user/emails"]) {
      assert.ok(ghes.requests.includes(step), `${step} reached GHES: ${ghes.requests.join(", ")}`);
    }
    assert.ok(!ghes.requests.includes("GET /user"), "no API call outside /api/v3");

    // The repository picker lists the GHES account's repositories; the clone URL is on the GHES host.
    await page.goto(`${web.url}/workspaces/new`);
    const picker = page.getByRole("listbox", { name: "Repositories" });
    await picker.getByRole("option", { name: /enterprise-dev\/monolith/ }).waitFor();
    assert.deepEqual(
      (await picker.getByRole("option").allTextContents())
        .map((t) => t.replace(/private$/, "").trim())
        .sort(),
      ["enterprise-dev/monolith", "enterprise-dev/tools"],
    );
    await picker.getByRole("option", { name: /enterprise-dev\/monolith/ }).click();
    assert.equal(await page.getByLabel("Branch").inputValue(), "trunk", "branches read from GHES");
    await screenshot(page, "ghes-03-picker");

    // What the form sends to create the workspace: captured here (no container is started).
    const sent = new Promise<{ repoUrl?: string; branch?: string }>((resolve) => {
      void page.route("**/api/workspaces", async (route) => {
        if (route.request().method() !== "POST") return route.continue();
        resolve(route.request().postDataJSON());
        await route.fulfill({ status: 503, json: { error: { code: "unavailable", message: "captured" } } });
      });
    });
    await page.getByLabel("Name").fill("on-ghes");
    await page.getByTestId("template-node").click();
    await page.getByRole("button", { name: "Create workspace" }).click();
    const body = await sent;
    assert.equal(body.repoUrl, `${ghes.url}/enterprise-dev/monolith.git`);
    assert.equal(body.branch, "trunk");
    await page.unroute("**/api/workspaces");

    // The server clones only from the configured host: a github.com URL is refused before anything runs.
    const refused = await page.evaluate(async () => {
      const res = await fetch("/api/workspaces", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          name: "off-ghes",
          template: "node",
          repoUrl: "https://github.com/octo/hello",
        }),
      });
      return { status: res.status, text: await res.text() };
    });
    assert.equal(refused.status, 400, refused.text);
    assert.match(
      refused.text,
      new RegExp(`only repositories on ${new URL(ghes.url).host.replaceAll(".", "\\.")}`),
    );

    assert.deepEqual(toGithubCom, [], "the browser never went to github.com");
    await context.close();
  });
});
