import { expect } from "vitest";
import { cardButton, cardButtons, cardShown } from "../helpers/card-json";
import type { DbContext } from "../helpers/db";
import { type E2E, OFFICE, type Person, shownText, startE2E } from "./harness";
import { loadWuhan } from "./plan";

/**
 * The office's world for the end-to-end tests: the Wuhan sample plan, two group chats the bot joined, liaisons
 * bound by /bind, the June round opened by /round and reports submitted by clicking the cards the liaisons got.
 */

export const CHAT = "oc_e2e_group";
export const CHAT2 = "oc_e2e_leaders";
export const JXJ = { openId: "ou_jxj00000000000000000000000000001", name: "张经信" }; // 市经信局: reports 一.1 only
export const KJJ = { openId: "ou_kjj00000000000000000000000000001", name: "李科技" }; // 市科技局: reports everything
export const FGW = { openId: "ou_fgw00000000000000000000000000001", name: "赵发改" }; // 市发改委: reports nothing
export const DH = { openId: "ou_dh000000000000000000000000000001", name: "钱东湖" }; // 东湖高新区: reports 二.3 only
export const PLAIN = { openId: "ou_plain0000000000000000000000000001", name: "孙群员" };

/** The liaison's overview card (the first card of the round they got; notices come later), as it shows now. */
function overviewOf(x: E2E, who: Person) {
  const msg = x.fake
    .sent({ openId: who.openId })
    .find((m) => m.msgType === "interactive" && cardShown(m.card).includes("月调度"));
  if (!msg) throw new Error(`${who.name} got no overview card`);
  return { messageId: msg.messageId, card: x.fake.cardOf(msg.messageId) };
}

/** Clicks 填报 then 提交 on the liaison's card `times` times (or until nothing is left to fill). */
async function submit(x: E2E, who: Person, progress: string, times = Number.POSITIVE_INFINITY) {
  let { card, messageId } = overviewOf(x, who);
  for (let i = 0; i < times; i++) {
    if (!cardButtons(card).some((b) => b.label === "填报")) break;
    const form = await x.click(who, cardButton(card, "填报").value, { messageId });
    expect(form.toast?.type, form.toast?.content).not.toBe("error");
    const done = await x.click(who, cardButton(form.card, "提交").value, {
      messageId,
      formValue: { status: "in_progress", progress },
    });
    expect(done.toast?.type, done.toast?.content).toBe("success");
    card = done.card as Record<string, unknown> | undefined;
  }
}

/** Seeds the office's world; `started` gets the E2E as soon as it runs (to close it even if seeding fails). */
export async function seedOffice(ctx: DbContext, started: (x: E2E) => void): Promise<E2E> {
  const x = await startE2E(ctx);
  started(x);
  await loadWuhan(ctx.database);
  x.fake.addChat(CHAT, [OFFICE, JXJ, KJJ, FGW, DH, PLAIN], "1号议案办理工作群");
  x.fake.addChat(CHAT2, [OFFICE], "1号议案领导小组群");
  for (const [chatId, chatName] of [
    [CHAT, "1号议案办理工作群"],
    [CHAT2, "1号议案领导小组群"],
  ] as const) {
    const added = await x.deliver(x.sender.botAdded({ chatId, chatName, operator: OFFICE.openId }));
    expect(added.status).toBe(200);
  }
  for (const [who, unit] of [
    [JXJ, "市经信局"],
    [KJJ, "市科技局"],
    [FGW, "市发改委"],
    [DH, "东湖高新区管委会"],
  ] as const) {
    const r = await x.say(OFFICE, `/bind @${who.name} ${unit}`, { mentions: [who] });
    expect(r.sent.map(shownText).join(), unit).toContain("已将");
  }
  const opened = await x.say(OFFICE, "/round open monthly 2022-06");
  expect(opened.sent.map(shownText).join()).toContain("已开启「2022年6月 月调度」");
  await submit(x, KJJ, "市科技局揭榜挂帅项目已立项");
  await submit(x, JXJ, "5G基站新建3000个", 1);
  await submitTask(x, DH, "二.3", "东湖揭榜项目进展顺利");
  x.at("2022-06-26T04:00:00Z"); // 12:00 in Wuhan, two days after the 24th's due time
  return x;
}

/** Fills the form of one task from the liaison's card: the 填报 button in the row that names the task. */
async function submitTask(x: E2E, who: Person, code: string, progress: string) {
  const { card, messageId } = overviewOf(x, who);
  const elements = ((card?.body as { elements?: unknown[] } | undefined)?.elements ?? []) as unknown[];
  const row = elements.find((el) => cardShown(el).includes(`**${code}**`));
  const form = await x.click(who, cardButton(row, "填报").value, { messageId });
  expect(cardShown(form.card)).toContain(code);
  const done = await x.click(who, cardButton(form.card, "提交").value, {
    messageId,
    formValue: { status: "in_progress", progress },
  });
  expect(done.toast?.type, done.toast?.content).toBe("success");
}

/**
 * Lets business time pass a second at a time, draining, until `done` holds (10 s by default): a send the dispatcher
 * put back because the group's rate limit was used up is due "in a moment" of business time, which a frozen
 * test clock never reaches by itself.
 */
export async function until(x: E2E, done: () => boolean | Promise<boolean>, seconds = 10) {
  for (let i = 0; i < seconds && !(await done()); i++) {
    x.at(new Date(x.clock.at.getTime() + 1000));
    await x.settle();
  }
}

export const cardText = (x: E2E, sent: { messageId: string; msgType: string }[]) =>
  sent
    .filter((m) => m.msgType === "interactive")
    .map((m) => cardShown(x.fake.cardOf(m.messageId)))
    .join("\n");

/** The first file the bot sent after the `before`-th message (waits for it), with its bytes. */
export async function fileAfter(x: E2E, before: number) {
  await until(x, () =>
    x.fake
      .sent()
      .slice(before)
      .some((m) => m.msgType === "file"),
  );
  const msg = x.fake
    .sent()
    .slice(before)
    .find((m) => m.msgType === "file");
  const file = x.fake.files().find((f) => f.fileKey === msg?.fileKey);
  if (!file) throw new Error("no file sent");
  return file;
}
