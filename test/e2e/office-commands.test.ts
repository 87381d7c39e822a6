import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterEach, expect, it } from "vitest";
import { cardButton, cardButtons, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, type Person, shownText, startE2E } from "./harness";
import { loadWuhan } from "./plan";

/**
 * The office's commands end to end: signed events into the real webhook route, the bot, the outbox, the
 * dispatcher and the SDK client, out to the fake Feishu — over the Wuhan sample plan with liaisons bound by
 * /bind, a round opened by /round and reports submitted by clicking the cards the liaisons received.
 */

const CHAT = "oc_e2e_group";
const CHAT2 = "oc_e2e_leaders";
const JXJ = { openId: "ou_jxj00000000000000000000000000001", name: "张经信" }; // 市经信局: reports 一.1 only
const KJJ = { openId: "ou_kjj00000000000000000000000000001", name: "李科技" }; // 市科技局: reports everything
const FGW = { openId: "ou_fgw00000000000000000000000000001", name: "赵发改" }; // 市发改委: reports nothing
const DH = { openId: "ou_dh000000000000000000000000000001", name: "钱东湖" }; // 东湖高新区: reports 二.3 only
const PLAIN = { openId: "ou_plain0000000000000000000000000001", name: "孙群员" };

describeDb("e2e: the office's commands and the bulletin through the webhook and the fake Feishu", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

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

  async function seeded() {
    const x = await startE2E(ctx);
    e = x;
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
  async function until(x: E2E, done: () => boolean | Promise<boolean>, seconds = 10) {
    for (let i = 0; i < seconds && !(await done()); i++) {
      x.at(new Date(x.clock.at.getTime() + 1000));
      await x.settle();
    }
  }

  const cardText = (x: E2E, sent: { messageId: string; msgType: string }[]) =>
    sent
      .filter((m) => m.msgType === "interactive")
      .map((m) => cardShown(x.fake.cardOf(m.messageId)))
      .join("\n");

  it("status, missing, remind, bulletin and export answer the office in the group", async () => {
    const x = await seeded();

    // /status: the round at a glance, overdue units first, complete ones last.
    const status = await x.say(OFFICE, "/status");
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

    // /bulletin quarter → the draft card → 发布, clicked twice: each group gets the bulletin once.
    const drafted = await x.say(OFFICE, "/通报 quarter");
    const draftMsg = drafted.sent.find((m) => m.msgType === "interactive");
    if (!draftMsg) throw new Error("no draft card");
    const draft = x.fake.cardOf(draftMsg.messageId);
    expect(cardShown(draft)).toContain("市十五届人大一次会议1号议案办理工作2022年第二季度通报");
    expect(cardButtons(draft).map((b) => b.label)).toEqual(["发布", "修改"]);
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
    expect(cardShown(saved.card)).toContain("请未报送单位于6月30日前补报");

    const publish = cardButton(draft, "发布").value;
    const first = await x.click(OFFICE, publish, { messageId: draftMsg.messageId });
    const second = await x.click(OFFICE, publish, { messageId: draftMsg.messageId });
    expect(first.toast?.type).toBe("success");
    expect(second.toast?.content).toContain("无需重复发布");
    expect(cardShown(first.card)).toContain("已发布 · 6月26日 12:00");
    expect(cardButtons(first.card)).toEqual([]);
    const postedIn = (chatId: string) =>
      x.fake
        .sent({ chatId })
        .filter((m) => m.msgType === "interactive" && cardShown(m.card).includes("已发布"));
    const unsent = async () =>
      (await ctx.database.query(sql`select id from outbox where state in ('pending', 'sending')`)).length;
    await until(x, async () => (await unsent()) === 0);
    const keys = await ctx.database.query<{ key: string }>(
      sql`select key from outbox where purpose = 'bulletin' order by key`,
    );
    const id = cardButton(draft, "发布").value.bulletinId;
    expect(keys.map((k) => k.key)).toEqual([`bulletin:${id}:${CHAT}`, `bulletin:${id}:${CHAT2}`]);
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
    expect(wb.worksheets.map((w) => w.name)).toEqual(["汇总", "2022-06 月调度"]);
    const rows: string[] = [];
    wb.getWorksheet("2022-06 月调度")?.eachRow((r) => {
      rows.push(`${r.getCell(1).value} ${r.getCell(2).value} ${r.getCell(5).value}`);
    });
    expect(rows).toContain("市科技局 二.3 已报送");
    expect(rows).toContain("市发改委 二.2 逾期");
  });

  it("a plain member's office commands and a forwarded 发布 are refused: nothing sent, nothing written", async () => {
    const x = await seeded();
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
    expect(x.fake.files()).toEqual([]);
  });

  it("the schedule drafts the quarter's bulletin once into the office chat; 发布 there posts it to every group", async () => {
    const x = await seeded();
    // The June round was due on Friday 24th: the Q2 draft is due one working day later, Monday 27th 10:00.
    x.at("2022-06-27T03:30:00Z");
    const before = x.fake.sent({ chatId: CHAT }).length;
    const result = await x.rt.scheduler.tick(x.clock.at);
    expect(result.errors).toEqual([]);
    await x.settle();
    const drafts = () =>
      x.fake
        .sent({ chatId: CHAT })
        .slice(before)
        .filter((m) => m.msgType === "interactive" && cardShown(m.card).includes("第二季度通报"));
    // The tick also sends its own overdue nudges and notices: under the group's rate limit they take seconds.
    await until(x, () => drafts().length > 0, 120);
    expect(drafts()).toHaveLength(1);
    expect(x.fake.sent({ chatId: CHAT2 }).filter((m) => cardShown(m.card).includes("第二季度通报"))).toEqual(
      [],
    );
    const msg = drafts()[0];
    const card = x.fake.cardOf(msg?.messageId ?? "");
    expect(cardShown(card)).toContain("草稿");

    // A second tick (a replay, another instance) drafts and sends nothing new.
    await x.rt.scheduler.tick(new Date(x.clock.at.getTime() + 60_000));
    await x.settle();
    expect(drafts()).toHaveLength(1);
    expect(await ctx.database.query(sql`select id from bulletins`)).toHaveLength(1);

    const published = await x.click(OFFICE, cardButton(card, "发布").value, { messageId: msg?.messageId });
    expect(published.toast?.type).toBe("success");
    await until(
      x,
      async () => (await ctx.database.query(sql`select id from outbox where state = 'pending'`)).length === 0,
    );
    for (const chatId of [CHAT, CHAT2])
      expect(
        x.fake
          .sent({ chatId })
          .filter((m) => m.msgType === "interactive" && cardShown(m.card).includes("已发布")),
        chatId,
      ).toHaveLength(1);
  });
});
