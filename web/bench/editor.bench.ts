// `npm run bench:editor`: selection in VS Code → the agent panel's chip shows it (editor_context_ms,
// issue 15.1), as a person sees it in Chromium: the real code-server with the image's extension,
// the bridge's relay, the web server's shared bridge client and socket.io. Each round moves the
// selection with the keyboard; the IDE frame notes the keydown and the panel notes when the chip's
// text changes (both Date.now(): the frames are different origins). Writes docs/benchmarks/editor.json.
import { execFileSync } from "node:child_process";
import { type Metric, machineDescription, publishBenchmark } from "../../scripts/bench/report";
import { median, percentile } from "../../scripts/bench/stats";
import { workspaceTestEnv } from "../server/workspaces/test-env.fixture";
import { launchBrowser, signUpInBrowser } from "../testing/browser.fixture";
import { cleanupDocker, testRun } from "../testing/docker.fixture";
import { startWebServer } from "../testing/web-server.fixture";

const ROUNDS = 30;
const LINES = ROUNDS + 10;

const run = testRun();
const web = await startWebServer(workspaceTestEnv(run.labels));
const { browser, close } = await launchBrowser();
const samples: number[] = [];
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signUpInBrowser(page, web.url, "Bench", "bench-editor@example.com");
  await page.goto(`${web.url}/workspaces/new`);
  await page.getByLabel("Name").fill("bench-editor");
  await page.getByTestId("template-node").click();
  await page.getByRole("button", { name: "Create workspace" }).click();
  const ide = page.frameLocator('[data-testid="ide-frame"]');
  await ide.locator(".explorer-folders-view").waitFor({ timeout: 180_000 });
  const id = page.url().split("/").pop() ?? "";
  const text = Array.from({ length: LINES }, (_, i) => `line ${i + 1}`).join("\n");
  execFileSync("docker", ["exec", "-i", `kalpana-ws-${id}`, "sh", "-c", "cat > /workspace/bench.txt"], {
    input: `${text}\n`,
  });
  // The extension activates after the workbench has started ("onStartupFinished").
  const open = () =>
    page.evaluate(
      (id) =>
        fetch(`/api/workspaces/${id}/editor`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ action: "open", path: "bench.txt", line: 1 }),
        }).then((r) => r.json() as Promise<{ delivered?: boolean }>),
      id,
    );
  const deadline = Date.now() + 60_000;
  while (!(await open()).delivered) {
    if (Date.now() > deadline) throw new Error("the editor extension never connected");
    await new Promise((r) => setTimeout(r, 500));
  }
  await ide.locator(".monaco-editor .view-line").first().click();
  await page.keyboard.press("Control+Home");
  const chip = page.getByTestId("editor-chip");
  const frame = await (await page.getByTestId("ide-frame").elementHandle())!.contentFrame();
  if (!frame) throw new Error("no IDE frame");
  await frame.evaluate(() => {
    const w = window as unknown as { keyAt: number };
    window.addEventListener("keydown", () => (w.keyAt = Date.now()), true);
  });
  await page.evaluate(() => {
    const w = window as unknown as { chipAt: Array<[number, string]> };
    w.chipAt = [];
    new MutationObserver(() => {
      const t = document.querySelector('[data-testid="editor-chip"]')?.textContent ?? "";
      w.chipAt.push([Date.now(), t]);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  for (let i = 1; i <= ROUNDS; i++) {
    await page.keyboard.press("Shift+ArrowDown");
    const want = `bench.txt, lines 1-${i + 1} selected`;
    await chip.getByText(want).waitFor({ timeout: 10_000 });
    const keyAt = await frame.evaluate(() => (window as unknown as { keyAt: number }).keyAt);
    const shownAt = await page.evaluate(
      (want) =>
        (window as unknown as { chipAt: Array<[number, string]> }).chipAt.find(([, t]) =>
          t.includes(want),
        )?.[0],
      want,
    );
    if (shownAt === undefined) throw new Error(`no chip change seen for ${want}`);
    samples.push(shownAt - keyAt);
    await new Promise((r) => setTimeout(r, 150)); // one change at a time, as a person selects
  }
} finally {
  await close();
  await web.stop();
  cleanupDocker(run.id);
}

console.log(`samples (ms): ${samples.join(" ")}`);
const metric = (value: number, target: number | null): Metric => ({
  value: Math.round(value),
  unit: "ms",
  target,
  better: "lower",
});
publishBenchmark({
  name: "editor",
  heading: "Editor context",
  machine: machineDescription(),
  metrics: {
    editor_context_ms: metric(median(samples), 200),
    editor_context_p95_ms: metric(percentile(samples, 95), null),
  },
  describe: {
    editor_context_ms: `Shift+↓ in VS Code → the agent panel's chip names the new range, p50 of ${ROUNDS}`,
    editor_context_p95_ms: "The same, p95",
  },
  intro: [
    "`npm run bench:editor` (web/bench/editor.bench.ts): a real workspace (node template), code-server with the",
    "image's editor extension, the web server and Chromium on one machine. The extension debounces 50 ms and the",
    "bridge pushes at most every 20 ms (bridge/server/editor-relay.ts).",
  ],
});
