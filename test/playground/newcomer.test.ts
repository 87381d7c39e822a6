import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningNode } from "../../src/entry/node";
import { hasChromium, launch, openPage, SHOTS, shot, startPlayground } from "./browser";

const MXJ = "ou_playground_0010"; // 明文龙, 市经信局
const KJJ = "ou_playground_0009"; // 胡军, 市科技局

/** A newcomer's first minutes in the playground, in a real Chromium, against the real bot. */
describe.skipIf(!hasChromium)("playground in a browser: a newcomer's first minutes", () => {
  let node: RunningNode;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [node, browser] = await Promise.all([startPlayground(), launch()]);
    ({ page, errors } = await openPage(browser, `http://127.0.0.1:${node.port}/playground`));
  }, 150_000);
  afterAll(async () => {
    await browser?.close();
    await node?.close();
  });

  const chat = () => page.locator("#chat");
  const lastCard = (text: string | RegExp): Locator => chat().locator(".card", { hasText: text }).last();
  const say = async (text: string) => {
    await page.fill("#text", text);
    await page.press("#text", "Enter");
  };
  const become = async (openId: string, tab: "group" | "direct") => {
    await page.selectOption("#person", openId);
    await page.click(`#tab-${tab}`);
  };

  it("says it is a simulation, and /status as the office shows the overview card naming 市经信局 with real buttons", async () => {
    await expect.poll(() => page.locator(".banner").textContent()).toContain("模拟");
    await say("/status 全部");
    const card = lastCard("月调度");
    await card.waitFor({ timeout: 20_000 });
    expect(await card.textContent()).toContain("市经信局");
    await shot(page, "status");
  }, 40_000);

  it("a liaison opens the form from their card, fills it, submits, and sees it reported", async () => {
    await become(MXJ, "direct");
    const overview = lastCard("市经信局 · 2022年6月 月调度");
    await overview.waitFor({ timeout: 20_000 });
    // The card's buttons are real buttons (keyboard, screen readers), every one of them.
    const tags = await overview.locator(".btn").evaluateAll((els) => els.map((e) => e.tagName));
    expect(tags.length).toBeGreaterThan(0);
    expect(new Set(tags)).toEqual(new Set(["BUTTON"]));
    await overview.getByRole("button", { name: "填报" }).first().click();
    const form = chat().locator("form.card-form").first();
    await form.waitFor({ timeout: 20_000 });
    await form.locator("select[data-name=status]").selectOption({ index: 1 });
    await form.locator("textarea[data-name=progress]").fill("5G基站新建3000个，数据中心机架建成2.1万个");
    await form.getByRole("button", { name: "提交" }).click();
    await expect.poll(() => lastCard("月调度").textContent(), { timeout: 20_000 }).toMatch(/已报送\s*1/);
    await shot(page, "reported");
  }, 60_000);

  it("/bulletin drafts the 通报 for the office", async () => {
    await become("ou_playground_office_0001", "group");
    await say("/bulletin quarter 2022-Q2");
    await expect
      .poll(async () => (await chat().textContent()) ?? "", { timeout: 30_000 })
      .toMatch(/通报[\s\S]*草稿|草稿[\s\S]*通报/);
  }, 40_000);

  it("past the due date, the scheduler's reminder arrives in a late liaison's direct chat", async () => {
    // Due Friday 24 June 18:00; the overdue step is the next working day, Monday 27th 09:30.
    await become(KJJ, "direct");
    await page.fill("#clock", "2022-06-27T11:00");
    await page.click("#jump");
    await expect.poll(() => page.locator("#now").textContent()).toContain("6月27日");
    await page.click("#tick");
    // The overdue step goes to the liaison directly (the work group gets one digest instead).
    const reminder = chat().locator(".msg", { hasText: "已过截止时间" }).filter({ hasText: "胡军" });
    await reminder.first().waitFor({ timeout: 40_000 });
    expect(await reminder.first().textContent()).toContain("市科技局");
    await shot(page, "reminder");
    expect(errors).toEqual([]);
  }, 60_000);

  it("the gallery shows every card template, each with components the renderer knows", async () => {
    const gallery = await openPage(browser, `http://127.0.0.1:${node.port}/playground/cards`);
    await gallery.page.locator("body[data-ready='1']").waitFor({ timeout: 20_000 });
    const names = await gallery.page
      .locator("[data-template]")
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.template));
    expect(names).toEqual(expect.arrayContaining(["overview", "task-form", "status-overview", "bulletin"]));
    const unknown = await gallery.page
      .locator(".unknown-component")
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tag));
    expect(unknown).toEqual([]);
    expect(await gallery.page.locator(".card").count()).toBe(names.length);
    await gallery.page.screenshot({ path: `${SHOTS}gallery.png`, fullPage: true });
    expect(gallery.errors).toEqual([]);
  }, 40_000);
});
