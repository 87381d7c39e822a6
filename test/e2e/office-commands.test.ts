import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterEach, expect, it } from "vitest";
import { cardButton, cardButtons, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, type Person, shownText } from "./harness";
import { CHAT, CHAT2, cardText, DH, FGW, JXJ, KJJ, PLAIN, seedOffice, until } from "./office-seed";

/**
 * The office's commands end to end: signed events into the real webhook route, the bot, the outbox, the
 * dispatcher and the SDK client, out to the fake Feishu — over the Wuhan sample plan with liaisons bound by
 * /bind, a round opened by /round and reports submitted by clicking the cards the liaisons received
 * (office-seed.ts).
 */

describeDb("e2e: the office's commands and the bulletin through the webhook and the fake Feishu", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("status, missing, remind, bulletin and export answer the office in the group", async () => {
    const x = await seedOffice(ctx, (started) => {
      e = started;
    });

    // /status: the round at a glance, overdue units first, complete ones last.
    const status = await x.say(OFFICE, "/status 全部");
    expect(status.status).toBe(200);
    const overview = cardText(x, status.sent);
    expect(overview).toContain("1号议案 · 2022年6月 月调度");
    expect(overview).toContain("逾期未报");
    expect(overview.indexOf("市发改委")).toBeLessThan(overview.indexOf("市科技局"));
    expect(status.sent.every((m) => m.chatId === CHAT)).toBe(true);

    const unit = cardText(x, (await x.say(OFFICE, "/status 市经信局")).sent);
    expect(unit).toContain("市经信局 · 2022年6月 月调度");
    expect(unit).toContain("5G基站新建3000个");
    expect(unit).toContain("逾期");

    const task = cardText(x, (await x.say(OFFICE, "/进度 二.3")).sent);
    expect(task).toContain("牵头单位：市科技局");
    expect(task).toContain("市科技局揭榜挂帅项目已立项");
    expect(task).toContain("东湖揭榜项目进展顺利");
    expect(task).toContain("江岸区人民政府");

    // /missing: who has not reported, with the liaisons; 市科技局 is complete.
    const missing = cardText(x, (await x.say(OFFICE, "/未报")).sent);
    expect(missing).toContain("赵发改");
    expect(missing).toContain("张经信");
    expect(missing).toContain("无联络员");
    expect(missing).not.toContain("市科技局");

    // /remind: only non-reporters' liaisons get a direct message; the reply says how many.
    const before = new Map(
      [JXJ, KJJ, FGW, DH].map((p) => [p.openId, x.fake.sent({ openId: p.openId }).length]),
    );
    const remind = await x.say(OFFICE, "/remind");
    const replies = remind.sent.filter((m) => m.chatId === CHAT).map(shownText);
    expect(replies.join()).toContain("已向 3 家单位的 3 位联络员发送「2022年6月 月调度」催报提醒");
    const got = (p: Person) => x.fake.sent({ openId: p.openId }).length - (before.get(p.openId) ?? 0);
    expect([got(JXJ), got(FGW), got(DH), got(KJJ)]).toEqual([1, 1, 1, 0]);
    const nudge = x.fake.sent({ openId: FGW.openId }).at(-1);
    expect(cardShown(nudge?.card)).toContain("催报提醒 · 2022年6月 月调度");
    expect(cardShown(nudge?.card)).toContain("已过截止时间");
    // Asked again at once: nobody is nudged twice.
    const again = await x.say(OFFICE, "/催办");
    expect(again.sent.filter((m) => m.chatType === "p2p")).toEqual([]);
    expect(again.sent.map(shownText).join()).toContain("3 位联络员30分钟内已提醒过");

    // /bulletin quarter → the preview → 发布 where chosen.
    const drafted = await x.say(OFFICE, "/通报 quarter");
    const draftMsg = drafted.sent.find((m) => m.msgType === "interactive");
    if (!draftMsg) throw new Error("no draft card");
    const draft = x.fake.cardOf(draftMsg.messageId);
    expect(cardShown(draft)).toContain("市十五届人大一次会议1号议案办理工作2022年第二季度通报");
    expect(cardButtons(draft).map((b) => b.label)).toEqual(["修改", "发布", "下载"]);
    const edit = await x.click(OFFICE, cardButton(draft, "修改").value, { messageId: draftMsg.messageId });
    expect(cardShown(edit.card)).toContain("下步工作要求");
    const saved = await x.click(OFFICE, cardButton(edit.card, "保存修改").value, {
      messageId: draftMsg.messageId,
      formValue: {
        preamble: "现将第二季度办理情况通报如下。",
        requirements: "（一）请未报送单位于6月30日前补报。",
      },
    });
    expect(saved.toast?.type).toBe("success");
    // The preview stays short: the reworded text is in the .docx and in what is published.
    expect(cardButtons(saved.card).map((b) => b.label)).toEqual(["修改", "发布", "下载"]);

    // 发布 → the work group, clicked twice; then the leaders' group as well: each gets the bulletin once.
    const on = { messageId: draftMsg.messageId, chatId: draftMsg.chatId };
    const choice = await x.click(OFFICE, cardButton(draft, "发布").value, on);
    const toWork = cardButton(choice.card, "发布到工作群「1号议案办理工作群」").value;
    const first = await x.click(OFFICE, toWork, on);
    const second = await x.click(OFFICE, toWork, on);
    const third = await x.click(OFFICE, cardButton(choice.card, "发布到「1号议案领导小组群」").value, on);
    expect(first.toast?.type).toBe("success");
    expect(second.toast?.content).toContain("无需重复发布");
    expect(third.toast?.content).toContain("已确认发送到「1号议案领导小组群」");
    expect(cardShown(first.card)).toContain("已发布 · 6月26日 12:00");
    expect(cardButtons(first.card).map((b) => b.label)).toEqual(["发布", "下载"]);
    const postedIn = (chatId: string) =>
      x.fake
        .sent({ chatId })
        .filter((m) => m.msgType === "interactive" && cardShown(m.card).includes("已发布"));
    const unsent = async () =>
      (await ctx.database.query(sql`select id from outbox where state in ('pending', 'sending')`)).length;
    await until(x, async () => (await unsent()) === 0);
    const keys = await ctx.database.query<{ key: string }>(
      sql`select key from outbox where purpose = 'bulletin' and key not like 'bulletin-draft:%' order by key`,
    );
    const id = cardButton(draft, "发布").value.bulletinId;
    expect(keys.map((k) => k.key)).toEqual([
      `bulletin-file:${id}:${CHAT}`,
      `bulletin-file:${id}:${CHAT2}`,
      `bulletin:${id}:${CHAT}`,
      `bulletin:${id}:${CHAT2}`,
    ]);
    for (const chatId of [CHAT, CHAT2]) {
      const posted = postedIn(chatId);
      expect(posted, chatId).toHaveLength(1);
      expect(cardShown(posted[0]?.card)).toContain("请未报送单位于6月30日前补报");
    }

    // /export: an .xlsx in the chat that reads back as a workbook with the round's sheets.
    const before2 = x.fake.sent().length;
    await x.say(OFFICE, "/导出");
    await until(x, () =>
      x.fake
        .sent()
        .slice(before2)
        .some((m) => m.msgType === "file"),
    );
    const fileMsg = x.fake
      .sent()
      .slice(before2)
      .find((m) => m.msgType === "file");
    expect(fileMsg?.chatId).toBe(CHAT);
    const file = x.fake.files().find((f) => f.fileKey === fileMsg?.fileKey);
    expect(file?.fileName).toBe("1号议案_2022-06_月调度.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(file?.bytes ?? []).buffer);
    // The office's check: ≥ 2 sheets, the plan's title in the first, a 联络员 column.
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "汇总",
      "2022-06 月调度",
      "指标",
      "未报送及迟报",
      "协调事项",
      "代表意见建议",
    ]);
    const summary = wb.worksheets[0];
    expect(String(summary?.getCell("A1").value)).toContain("1号议案");
    expect(summary?.getRow(2).values).toContain("联络员");
    const rows: string[] = [];
    wb.getWorksheet("2022-06 月调度")?.eachRow((r) => {
      rows.push(`${r.getCell(1).value} ${r.getCell(3).value} ${r.getCell(7).value}`);
    });
    expect(rows).toContain("市科技局 二.3 已报送");
    expect(rows).toContain("市发改委 二.2 逾期");
  });

  it("a plain member's office commands and a forwarded 发布 are refused: nothing sent, nothing written", async () => {
    const x = await seedOffice(ctx, (started) => {
      e = started;
    });
    const drafted = await x.say(OFFICE, "/bulletin quarter");
    const draftMsg = drafted.sent.find((m) => m.msgType === "interactive");
    const publish = cardButton(x.fake.cardOf(draftMsg?.messageId ?? ""), "发布").value;
    const bulletins = async () =>
      ctx.database.query<{ state: string }>(sql`select state from bulletins order by id`);
    const outbox = async () => (await ctx.database.query(sql`select id from outbox`)).length;
    const rows = await outbox();
    const total = x.fake.sent().length;

    for (const text of ["/remind", "/bulletin quarter", "/missing", "/export"]) {
      const r = await x.say(PLAIN, text);
      expect(r.status).toBe(200);
      expect(r.sent, text).toHaveLength(1);
      expect(r.sent[0]?.chatId).toBe(CHAT);
      expect(shownText(r.sent[0]), text).toContain("仅限");
    }
    const click = await x.click(PLAIN, publish, { messageId: draftMsg?.messageId });
    expect(click.toast?.type).toBe("warning");
    expect(click.toast?.content).toContain("仅限办公室");
    expect(click.card).toBeUndefined();
    // A liaison may read /status but not publish either.
    const byLiaison = await x.click(JXJ, publish, { messageId: draftMsg?.messageId });
    expect(byLiaison.toast?.content).toContain("仅限办公室");

    expect(x.fake.sent().length - total).toBe(4); // the four refusals, nothing else
    expect(await outbox()).toBe(rows + 4);
    expect(await bulletins()).toEqual([{ state: "draft" }]);
    // Only the draft's own .docx, sent to the office member who asked for it.
    expect(x.fake.files().map((f) => f.fileName)).toEqual([expect.stringMatching(/（草稿）\.docx$/)]);
  });
});
