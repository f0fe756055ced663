// Debian's Chromium driven by playwright-core (Playwright cannot download browsers here). launch() gives
// every run a fresh temporary profile.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { repoRoot } from "./web-server.fixture";

export const artifactsDir = path.join(repoRoot, "test-results");

/** `extraArgs`: more Chromium flags (e.g. --host-resolver-rules for names other than *.localhost). */
export async function launchBrowser(
  extraArgs: string[] = [],
): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(20_000);
  return { context, page: await context.newPage() };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
}

/** Creates a local account through the sign-in page, as a person would; ends on the dashboard. */
export async function signUpInBrowser(
  page: Page,
  appUrl: string,
  name: string,
  email: string,
): Promise<void> {
  await page.goto(`${appUrl}/sign-in`);
  await page.getByRole("button", { name: "No account yet? Create one" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct-horse-battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/dashboard$/);
}

/** Puts a session from `localSignUp` (a Cookie header) into the browser. __Host- cookies must be
 * Secure with Path=/ and no Domain: Chromium takes them over http on *.localhost. */
export async function addSessionCookies(
  context: BrowserContext,
  appUrl: string,
  cookieHeader: string,
): Promise<void> {
  const host = new URL(appUrl).hostname;
  await context.addCookies(
    cookieHeader.split("; ").map((c) => {
      const [name = "", ...rest] = c.split("=");
      return {
        name,
        value: rest.join("="),
        domain: host,
        path: "/",
        secure: name.startsWith("__Host-"),
        httpOnly: true,
        sameSite: "Lax" as const,
      };
    }),
  );
}
