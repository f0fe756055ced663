// Isolation as an attacker tries it, in a real browser against real workspaces: a dev server inside
// workspace A serves a hostile page; the owner opens it through A's preview URL. The page tries
// everything it can against the app and the owner's other workspace B (API reads and writes, a form,
// socket.io, B's IDE over HTTP and WebSocket, grants, cookies, frames) and achieves nothing, while the
// owner's own IDE and preview keep working in the same browser. Then another user tries A by URL.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { workspaceTestEnv } from "../server/workspaces/test-env.fixture";
import { launchBrowser, newPage, screenshot, signUpInBrowser } from "../testing/browser.fixture";
import { cleanupDocker, dockerAvailable, dockerCli, testRun } from "../testing/docker.fixture";
import { HOSTILE_PORT, hostileServerScript } from "../testing/hostile-page.fixture";
import { startWebServer, type WebServer } from "../testing/web-server.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const run = testRun();
let browser: Browser;
let closeBrowser: () => Promise<void>;
let web: WebServer;
let owner: Page;
const ids = { a: "", b: "" };

type Json = Record<string, unknown>;
/** A same-origin call from the app's own page, as the signed-in person. */
function appCall(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  return page.evaluate(
    async ([m, p, b]) => {
      const r = await fetch(p as string, {
        method: m as string,
        headers: b === undefined ? {} : { "content-type": "application/json" },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: r.status, json: await r.json().catch(() => ({})) };
    },
    [method, path, body] as const,
  );
}

async function untilRunning(page: Page, id: string) {
  for (let i = 0; i < 300; i++) {
    const { json } = await appCall(page, "GET", `/api/workspaces/${id}`);
    const status = (json.workspace as { status?: string } | undefined)?.status;
    if (status === "RUNNING") return;
    if (status === "ERROR") throw new Error(`workspace ${id} failed: ${JSON.stringify(json)}`);
    await page.waitForTimeout(500);
  }
  throw new Error(`workspace ${id} did not start`);
}

before(async () => {
  if (!enabled) return;
  ({ browser, close: closeBrowser } = await launchBrowser());
  web = await startWebServer(workspaceTestEnv(run.labels));
  ({ page: owner } = await newPage(browser));
  await signUpInBrowser(owner, web.url, "Olivia Owner", "owner@example.com");
  for (const [key, name] of [
    ["a", "victim-a"],
    ["b", "victim-b"],
  ] as const) {
    const res = await appCall(owner, "POST", "/api/workspaces", { name, template: "node" });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    ids[key] = (res.json.workspace as { id: string }).id;
  }
  await untilRunning(owner, ids.a);
  await untilRunning(owner, ids.b);
  dockerCli("exec", "-d", "-u", "1000", `kalpana-ws-${ids.a}`, "node", "-e", hostileServerScript());
});

after(async () => {
  if (!enabled) return;
  await closeBrowser?.();
  await web?.stop();
  cleanupDocker(run.id);
});

describe("a hostile preview page in workspace A", { skip: !enabled }, () => {
  let results: Record<string, string> = {};
  let preview: Page;

  test("opened by its owner through the preview URL, it runs on its own origin", async () => {
    preview = await owner.context().newPage();
    const next = `/?app=${encodeURIComponent(web.url)}&a=${ids.a}&b=${ids.b}&nameB=victim-b`;
    const open = `${web.url}/w/${ids.a}/preview/${HOSTILE_PORT}?next=${encodeURIComponent(next)}`;
    for (let i = 0; i < 40; i++) {
      await preview.goto(open);
      if ((await preview.title()) !== "Port 8000 · Kalpana") break; // the server may still be starting
      await preview.waitForTimeout(500);
    }
    await preview.waitForFunction(() => document.title === "hostile:done", undefined, { timeout: 90_000 });
    assert.equal(
      new URL(preview.url()).host,
      `${HOSTILE_PORT}--${ids.a}.kalpana.localhost:${new URL(web.url).port}`,
    );
    results = await preview.evaluate(
      () => (window as unknown as { __results: Record<string, string> }).__results,
    );
    await screenshot(preview, "iso-01-hostile-preview");
    // The probes work where they are allowed to: its own origin, over HTTP and WebSocket (hot reload).
    assert.equal(results.ownFetch, "read:200:pong", JSON.stringify(results));
    assert.equal(results.ownWebSocket, "message:echo", JSON.stringify(results));
  });

  test("it reads nothing of the app and of workspace B", () => {
    for (const k of ["listWorkspaces", "me", "threadsOfB", "deleteB", "socketIoPolling", "ideB"])
      assert.match(results[k] ?? "", /^error:TypeError$/, `${k}: ${results[k]}`);
    // The opaque answer of a manual redirect reveals no grant; the app also refused to mint one.
    assert.match(results.grantB ?? "", /^(type:opaqueredirect:0|error:TypeError)$/, results.grantB);
  });

  test("its WebSockets reach neither the app's live channel nor any IDE", () => {
    for (const k of ["socketIo", "ideBWebSocket", "ideAWebSocket"])
      assert.match(results[k] ?? "", /^(error|closed)$/, `${k}: ${results[k]}`);
  });

  test("it sees no session cookie, and its tossed cookies change nothing", async () => {
    assert.doesNotMatch(results.cookies ?? "", /session|kalpana-ws/, results.cookies);
    const me = await appCall(owner, "GET", "/api/me");
    assert.equal(me.status, 200);
    assert.equal((me.json.user as { email: string }).email, "owner@example.com");
  });

  test("its writes were refused: B still runs, nothing was created, no key, no chat", async () => {
    const list = await appCall(owner, "GET", "/api/workspaces");
    const rows = list.json.workspaces as { id: string; name: string; status: string }[];
    assert.deepEqual(rows.map((w) => w.name).sort(), ["victim-a", "victim-b"]);
    assert.ok(
      rows.every((w) => w.status === "RUNNING"),
      JSON.stringify(rows),
    );
    const threads = await appCall(owner, "GET", `/api/workspaces/${ids.b}/threads`);
    assert.deepEqual(threads.json.threads, []);
    const key = await appCall(owner, "GET", "/api/settings/provider-key");
    assert.equal((key.json as { key?: unknown }).key ?? null, null, JSON.stringify(key.json));
  });

  test("it cannot frame the app or B's IDE", async () => {
    for (const id of ["frameApp", "frameIdeB"]) {
      const frame = await (await preview.$(`#${id}`))?.contentFrame();
      const text = await frame?.evaluate(() => document.body?.textContent ?? "").catch(() => "");
      assert.doesNotMatch(text ?? "", /Workspaces|victim|Explorer/, `${id}: ${text}`);
    }
  });

  test("the owner's own IDE still works in the same browser", async () => {
    await owner.goto(`${web.url}/workspace/${ids.a}`);
    await owner
      .frameLocator('[data-testid="ide-frame"]')
      .locator(".monaco-workbench")
      .first()
      .waitFor({ timeout: 120_000 });
    await owner.getByTestId("ports-button").click();
    await owner.getByTestId(`port-${HOSTILE_PORT}`).waitFor({ timeout: 20_000 });
    await screenshot(owner, "iso-02-owner-ide-and-ports");
  });
});

describe("another user", { skip: !enabled }, () => {
  test("cannot open A's IDE or previews by any URL", async () => {
    const { context, page } = await newPage(browser);
    await signUpInBrowser(page, web.url, "Mallory", "mallory@example.com");
    const port = new URL(web.url).port;
    for (const url of [
      `${web.url}/w/${ids.a}/ide`,
      `${web.url}/w/${ids.a}/preview/${HOSTILE_PORT}`,
      `http://${ids.a}.kalpana.localhost:${port}/`,
      `http://${HOSTILE_PORT}--${ids.a}.kalpana.localhost:${port}/`,
    ]) {
      const res = await page.goto(url);
      const text = (await page.locator("body").textContent()) ?? "";
      assert.equal(res?.status(), 404, `${url}: ${res?.status()} ${text.slice(0, 80)}`);
      assert.doesNotMatch(text, /hostile|Explorer/);
    }
    const api = await appCall(page, "GET", `/api/workspaces/${ids.a}/ports`);
    assert.equal(api.status, 404);
    await context.close();
  });
});

describe("path mode, only by explicit opt-in", { skip: !enabled }, () => {
  test("KALPANA_UNSAFE_SAME_ORIGIN_IDE=1 serves VS Code under /w/<id>/ide/ and says what it costs", async () => {
    const unsafe = await startWebServer({
      ...workspaceTestEnv(run.labels),
      KALPANA_UNSAFE_SAME_ORIGIN_IDE: "1",
    });
    const { context, page } = await newPage(browser);
    try {
      assert.match(unsafe.logs(), /WARNING: KALPANA_UNSAFE_SAME_ORIGIN_IDE=1/);
      await signUpInBrowser(page, unsafe.url, "Solo", "solo@example.com");
      const res = await appCall(page, "POST", "/api/workspaces", { name: "solo", template: "node" });
      const id = (res.json.workspace as { id: string }).id;
      await untilRunning(page, id);
      await page.goto(`${unsafe.url}/workspace/${id}`);
      await page.getByTestId("unsafe-origin-banner").waitFor();
      const frame = page.frameLocator('[data-testid="ide-frame"]');
      await frame.locator(".monaco-workbench").first().waitFor({ timeout: 120_000 });
      const src = await page
        .getByTestId("ide-frame")
        .evaluate((f) => (f as HTMLIFrameElement).contentWindow?.location.href);
      assert.equal(new URL(src ?? "").pathname, `/w/${id}/ide/`);
      await screenshot(page, "iso-03-path-mode-warning");
    } finally {
      await context.close();
      await unsafe.stop();
    }
  });
});

describe("previews on their own, cross-site domain (KALPANA_PREVIEW_DOMAIN)", { skip: !enabled }, () => {
  test("the grant flow works across sites, HTTP and WebSocket included, and the app stays out of reach", async () => {
    const cross = await startWebServer({
      ...workspaceTestEnv(run.labels),
      KALPANA_PREVIEW_DOMAIN: "kalpana-preview.localhost",
    });
    const { context, page } = await newPage(browser);
    try {
      await signUpInBrowser(page, cross.url, "Petra", "petra@example.com");
      const res = await appCall(page, "POST", "/api/workspaces", { name: "cross", template: "node" });
      const id = (res.json.workspace as { id: string }).id;
      await untilRunning(page, id);
      dockerCli("exec", "-d", "-u", "1000", `kalpana-ws-${id}`, "node", "-e", hostileServerScript());
      const next = `/?app=${encodeURIComponent(cross.url)}&a=${id}&b=${id}&nameB=cross`;
      const preview = await context.newPage();
      for (let i = 0; i < 40; i++) {
        await preview.goto(`${cross.url}/w/${id}/preview/${HOSTILE_PORT}?next=${encodeURIComponent(next)}`);
        if ((await preview.title()) !== `Port ${HOSTILE_PORT} · Kalpana`) break;
        await preview.waitForTimeout(500);
      }
      await preview.waitForFunction(() => document.title === "hostile:done", undefined, { timeout: 90_000 });
      assert.equal(new URL(preview.url()).hostname, `${HOSTILE_PORT}--${id}.kalpana-preview.localhost`);
      const r = await preview.evaluate(
        () => (window as unknown as { __results: Record<string, string> }).__results,
      );
      assert.equal(r.ownFetch, "read:200:pong", JSON.stringify(r));
      assert.equal(r.ownWebSocket, "message:echo", JSON.stringify(r));
      for (const k of ["listWorkspaces", "me", "deleteB"])
        assert.equal(r[k], "error:TypeError", `${k}: ${r[k]}`);
      assert.match(r.socketIo ?? "", /^(error|closed)$/);
      const list = await appCall(page, "GET", "/api/workspaces");
      assert.deepEqual(
        (list.json.workspaces as { name: string }[]).map((w) => w.name),
        ["cross"],
      );
    } finally {
      await context.close();
      await cross.stop();
    }
  });
});
