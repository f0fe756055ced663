// `npm run bench:ide`: how fast VS Code opens, as a person sees it in Chromium, and what the IDE proxy
// adds per request. Both serving modes run side by side in one run: the workspace origins (default)
// and the old path mode on the app's origin (KALPANA_UNSAFE_SAME_ORIGIN_IDE=1), so the change is
// measured, not guessed. Writes docs/benchmarks/ide.json and the "IDE" section of docs/BENCHMARKS.md.
import { request } from "node:http";
import { UPSTREAM_SECRET_HEADER, UPSTREAM_TARGET_HEADER } from "@kalpana/bridge/protocol";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type Metric, machineDescription, publishBenchmark } from "../../scripts/bench/report";
import { median } from "../../scripts/bench/stats";
import { workspaceTestEnv } from "../server/workspaces/test-env.fixture";
import { launchBrowser, signUpInBrowser } from "../testing/browser.fixture";
import { bridgeGateway, cleanupDocker, dockerCli, testRun } from "../testing/docker.fixture";
import { startGitServer } from "../testing/git-server.fixture";
import { startWebServer, type WebServer } from "../testing/web-server.fixture";

const ROUNDS = 5;
const REQUESTS = 300;
const EXPLORER_TIMEOUT = 120_000;

const explorerLists = (page: Page, file: string) =>
  page
    .frameLocator('[data-testid="ide-frame"]')
    .locator(".explorer-folders-view")
    .getByText(file, { exact: true })
    .first()
    .waitFor({ timeout: EXPLORER_TIMEOUT });

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** One GET, resolving to its latency in ms (node:http: no fetch pool effects). */
function getMs(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(url, { headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () =>
        res.statusCode === 200
          ? resolve(performance.now() - t0)
          : reject(new Error(`${url}: ${res.statusCode}`)),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

type ModeResult = { warm: number; cold: number; create: number; direct: number; proxied: number };

async function measureMode(
  browser: Browser,
  web: WebServer,
  repoUrl: string,
  pathMode: boolean,
): Promise<ModeResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signUpInBrowser(page, web.url, "Bench", "bench@example.com");
  const create: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await page.goto(`${web.url}/workspaces/new`);
    await page.getByLabel("Name").fill(`bench-${i}`);
    await page.getByTestId("template-node").click();
    await page.getByRole("tab", { name: "Paste a URL" }).click();
    await page.getByLabel("Repository URL").fill(repoUrl);
    create.push(
      await timed(async () => {
        await page.getByRole("button", { name: "Create workspace" }).click();
        await explorerLists(page, "README.md");
      }),
    );
    ids.push(page.url().split("/").pop() ?? "");
    console.log(`${pathMode ? "path" : "origins"} create ${i}: ${create.at(-1)?.toFixed(0)} ms`);
  }
  const id = ids[0]!;
  const openFromDashboard = async (p: Page) => {
    await p.goto(`${web.url}/dashboard`);
    const row = p.getByTestId("workspace-row").filter({ hasText: "bench-0" });
    return timed(async () => {
      await row.getByRole("link", { name: "Open", exact: true }).click();
      await explorerLists(p, "README.md");
    });
  };
  const warm: number[] = [];
  for (let i = 0; i < ROUNDS; i++) warm.push(await openFromDashboard(page));
  // A fresh profile: nothing cached, only the app's session carried over (no workspace cookie).
  const session = (await context.cookies()).filter((c) => !c.name.includes("kalpana-ws"));
  const cold: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const fresh: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await fresh.addCookies(session);
    cold.push(await openFromDashboard(await fresh.newPage()));
    await fresh.close();
  }
  console.log(`${pathMode ? "path" : "origins"} warm ${warm.map(Math.round)} cold ${cold.map(Math.round)}`);

  // Per request: code-server's /healthz straight at the workspace's one entry (the bridge's front,
  // with the secret), and the same through the web server as the browser reaches it, interleaved.
  const container = `kalpana-ws-${id}`;
  const secret = dockerCli("exec", container, "cat", "/etc/kalpana/bridge.secret");
  const bridgePort = dockerCli("port", container, "3001/tcp").split("\n")[0]?.split(":").pop();
  const direct = {
    url: `http://127.0.0.1:${bridgePort}/healthz`,
    headers: { [UPSTREAM_SECRET_HEADER]: secret, [UPSTREAM_TARGET_HEADER]: "ide" },
  };
  const cookies = await context.cookies();
  const port = new URL(web.url).port;
  const host = pathMode ? `kalpana.localhost:${port}` : `${id}.kalpana.localhost:${port}`;
  const cookie = cookies
    .filter((c) => (pathMode ? c.domain === "kalpana.localhost" : c.domain === `${id}.kalpana.localhost`))
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");
  const proxied = {
    url: `http://127.0.0.1:${port}${pathMode ? `/w/${id}/ide/healthz` : "/healthz"}`,
    headers: { host, cookie, accept: "application/json" },
  };
  const d: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < 30; i++) await getMs(proxied.url, proxied.headers); // warm both paths up
  for (let i = 0; i < REQUESTS; i++) {
    d.push(await getMs(direct.url, direct.headers));
    p.push(await getMs(proxied.url, proxied.headers));
  }
  await context.close();
  return {
    warm: median(warm),
    cold: median(cold),
    create: median(create),
    direct: median(d),
    proxied: median(p),
  };
}

const run = testRun();
const git = await startGitServer({ gateway: bridgeGateway(), acceptToken: () => false });
git.addRepo({
  owner: "bench",
  name: "hello",
  branches: { main: { "README.md": "# hello\n", "src/index.js": "1\n" } },
});
const { browser, close } = await launchBrowser();
const results: Record<"path" | "origins", ModeResult | null> = { path: null, origins: null };
try {
  for (const mode of ["path", "origins"] as const) {
    const web = await startWebServer({
      ...workspaceTestEnv(run.labels),
      KALPANA_ALLOWED_GIT_HOSTS: `${bridgeGateway()}:${git.port}`,
      KALPANA_MAX_RUNNING_PER_USER: "10",
      KALPANA_MAX_RUNNING_TOTAL: "10",
      KALPANA_UNSAFE_SAME_ORIGIN_IDE: mode === "path" ? "1" : "0",
    });
    try {
      results[mode] = await measureMode(browser, web, git.urlFor("bench", "hello"), mode === "path");
    } finally {
      await web.stop();
      cleanupDocker(run.id);
    }
  }
} finally {
  await close();
  await git.close();
}

const ms = (v: number | undefined, target: number | null): Metric => ({
  value: v === undefined ? null : Math.round(v),
  unit: "ms",
  target,
  better: "lower",
});
const ratio = (r: ModeResult | null): Metric => ({
  value: r ? Math.round((r.proxied / r.direct) * 100) / 100 : null,
  unit: "ratio",
  target: 1.2,
  better: "lower",
});
const o = results.origins;
const pm = results.path;
const metrics: Record<string, Metric> = {
  open_running_warm_p50_ms: ms(o?.warm, 1500),
  open_running_cold_p50_ms: ms(o?.cold, 4000),
  create_to_explorer_p50_ms: ms(o?.create, 6000),
  proxy_overhead_ratio: ratio(o),
  path_mode_open_running_warm_p50_ms: ms(pm?.warm, 1500),
  path_mode_open_running_cold_p50_ms: ms(pm?.cold, 4000),
  path_mode_create_to_explorer_p50_ms: ms(pm?.create, 6000),
  path_mode_proxy_overhead_ratio: ratio(pm),
};
const describe: Record<string, string> = {
  open_running_warm_p50_ms:
    "Dashboard → Open → Explorer lists the files, warm profile (workspace origins), p50 of 5",
  open_running_cold_p50_ms: "The same in a fresh profile (only the app session kept), p50 of 5",
  create_to_explorer_p50_ms:
    "Click Create (node template + a repository) → Explorer lists its files, p50 of 5",
  proxy_overhead_ratio: `code-server /healthz through the web server ÷ straight at the bridge's front, p50 of ${REQUESTS} each, interleaved`,
  path_mode_open_running_warm_p50_ms:
    "Before: the same, IDE on the app's origin (KALPANA_UNSAFE_SAME_ORIGIN_IDE=1)",
  path_mode_open_running_cold_p50_ms: "Before: fresh profile, path mode",
  path_mode_create_to_explorer_p50_ms: "Before: create → Explorer, path mode",
  path_mode_proxy_overhead_ratio: "Before: per-request ratio, path mode",
};
publishBenchmark({
  name: "ide",
  heading: "IDE",
  machine: machineDescription(),
  metrics,
  describe,
  intro: [
    "`npm run bench:ide` (web/bench/ide.bench.ts): Debian's Chromium driven by Playwright against the real",
    "server, Docker and code-server (stub Nix, template `node`, a repository from the local git server).",
    "Both serving modes in one run, path mode first. Direct = code-server's `/healthz` through the bridge's",
    `front with the secret (code-server has no TCP port of its own). Medians: direct ${o ? o.direct.toFixed(2) : "?"} ms,`,
    `through the proxy ${o ? o.proxied.toFixed(2) : "?"} ms (path mode: ${pm ? pm.direct.toFixed(2) : "?"} / ${pm ? pm.proxied.toFixed(2) : "?"} ms).`,
  ],
});
