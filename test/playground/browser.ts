import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { loadConfig } from "../../src/config";
import { type RunningNode, startNode } from "../../src/entry/node";
import { createMemoryLogger } from "../../src/wiring/log";

/** Debian's Chromium (`apt-get install chromium`); browser downloads are not reachable from CI. */
export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const SHOTS = new URL("../../test-output/screenshots/", import.meta.url).pathname;

/** `npm start` with no Feishu variables, on a free port and a fresh embedded database. */
export async function startPlayground(): Promise<RunningNode> {
  const config = loadConfig({ DUBAN_DATA_DIR: mkdtempSync(join(tmpdir(), "duban-pg-")), LOG_LEVEL: "warn" });
  return startNode({ ...config, port: 0 }, createMemoryLogger());
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** A page that records every script error it raises. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: "zh-CN" });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  const res = await page.goto(url);
  if (res?.status() !== 200) throw new Error(`${url}: HTTP ${res?.status()}`);
  return { page, errors };
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}
