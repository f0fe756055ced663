// Measurements for `npm run bench:image`: container readiness, memory from docker stats,
// and one real browser session against code-server.

import { launchBrowser } from "../../web/testing/browser.fixture";
import { runOk } from "../lib/run";
import type { Workspace } from "../test/workspace.fixture";

const UNITS: Record<string, number> = {
  B: 1 / 1048576,
  KiB: 1 / 1024,
  MiB: 1,
  GiB: 1024,
  kB: 1 / 1024,
  MB: 1,
  GB: 1024,
};

/** Current memory use of a container in MiB (docker stats' cgroup figure, cache excluded). */
export async function memoryMiB(container: string): Promise<number> {
  const out = await runOk("docker", ["stats", "--no-stream", "--format", "{{.MemUsage}}", container]);
  const m = /^([\d.]+)\s*([A-Za-z]+)/.exec(out.trim());
  if (!m) throw new Error(`cannot parse docker stats: ${out}`);
  return Number(m[1]) * (UNITS[m[2]!] ?? Number.NaN);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens the IDE in Chromium until the workbench renders, then closes the browser. */
export async function browserSession(ws: Workspace): Promise<number> {
  const { browser, close } = await launchBrowser();
  try {
    const page = await browser.newPage({ extraHTTPHeaders: ws.ideHeaders });
    page.setDefaultTimeout(60_000);
    const started = Date.now();
    await page.goto(`${ws.ideUrl}/`);
    await page.waitForSelector(".monaco-workbench");
    // Let the workbench finish connecting (extension host, file tree) like a real visit.
    await page.waitForSelector(".explorer-folders-view, .monaco-list", { timeout: 30_000 }).catch(() => {});
    await sleep(3000);
    return Date.now() - started;
  } finally {
    await close();
  }
}
