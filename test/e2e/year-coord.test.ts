import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { cardButton, cardButtons, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { readDocx } from "../helpers/docx-read";
import { type E2E, OFFICE, shownText } from "./harness";
import { CHAT, cardText, FGW, fileAfter, JXJ, KJJ } from "./office-seed";
import { WUHAN_ID } from "./plan";
import { reportProblem, seedYear } from "./year-seed";

/** Coordination items (协调事项) to 销号, through the real webhook route and the fake Feishu. */
describeDb("e2e: coordination items", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("a report's problem becomes an item the office 交办s, the unit answers, the raiser confirms, the office 销号s", async () => {
    const x = await seedYear(ctx, (s) => {
      e = s;
    });
    await x.say(OFFICE, "/round open monthly 2022-06");
    const done = await reportProblem(x, KJJ, "2022年6月", "需市发改委协调5G基站选址审批");
    expect(done.toast?.content).toContain("已登记为协调事项第1号");

    x.at("2022-06-28T02:00:00Z");
    const listed = await x.say(OFFICE, "/coord");
    const list = cardText(x, listed.sent);
    // (the card's JSON: a line break shows as \n)
    expect(list).toContain("**市科技局**\\n第1号 · 一.1 · 需市发改委协调5G基站选址审批 · 8天 · 待交办");
    const listMsg = listed.sent.find((m) => m.msgType === "interactive");
    const listCard = x.fake.cardOf(listMsg?.messageId ?? "");
    const view = await x.click(OFFICE, cardButton(listCard, "第1号 交办").value);
    expect(cardShown(view.card)).toContain("交办单位");
    expect(cardButtons(view.card).map((b) => b.label)).toContain("交办");

    // A liaison cannot assign.
    const refused = await x.click(KJJ, cardButton(view.card, "交办").value, {
      formValue: { units: "市发改委", due: "2022-07-15" },
    });
    expect(refused.toast?.type).toBe("error");
    const before = x.fake.sent({ openId: FGW.openId }).length;
    const assigned = await x.click(OFFICE, cardButton(view.card, "交办").value, {
      formValue: { units: "市发改委", due: "2022-07-15" },
    });
    expect(assigned.toast?.content).toContain("已将第1号交办市发改委");
    expect(cardShown(assigned.card)).toContain("办理时限：**2022年7月15日");
    const toFgw = x.fake.sent({ openId: FGW.openId }).slice(before);
    expect(toFgw).toHaveLength(1);
    const answerCard = x.fake.cardOf(toFgw[0]?.messageId ?? "");
    expect(cardShown(answerCard)).toContain("需市发改委协调5G基站选址审批");

    // 市经信局 was not assigned: its liaison cannot answer.
    const wrong = await x.click(JXJ, cardButton(answerCard, "提交办理情况").value, {
      formValue: { text: "x" },
    });
    expect(wrong.toast?.type).toBe("error");
    const kjjBefore = x.fake.sent({ openId: KJJ.openId }).length;
    const answered = await x.click(FGW, cardButton(answerCard, "提交办理情况").value, {
      formValue: { text: "已会同市自然资源和规划局完成选址审批" },
    });
    expect(answered.toast?.content).toContain("已提交办理情况");
    const toKjj = x.fake.sent({ openId: KJJ.openId }).slice(kjjBefore);
    const confirmCard = x.fake.cardOf(toKjj.at(-1)?.messageId ?? "");
    expect(cardShown(confirmCard)).toContain("已会同市自然资源和规划局完成选址审批");
    const confirmed = await x.click(KJJ, cardButton(confirmCard, "问题已解决").value);
    expect(confirmed.toast?.content).toContain("已确认问题解决");

    const again = await x.click(OFFICE, cardButton(listCard, "第1号 交办").value);
    const closed = await x.click(OFFICE, cardButton(again.card, "销号").value, {
      formValue: { text: "选址审批已完成，提出单位确认" },
    });
    expect(closed.toast?.content).toContain("协调事项第1号已销号");
    expect(cardText(x, (await x.say(OFFICE, "/协调")).sent)).toContain("目前没有未销号的事项");

    const audit = await ctx.database.query<{ action: string }>(
      sql`select action from audit_log where subject = 'coord:1' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      "coord.raise",
      "coord.assign",
      "coord.answer",
      "coord.confirm",
      "coord.close",
    ]);
  });

  it("the same problem next month adds to the item; a suggestion is recorded and listed", async () => {
    const x = await seedYear(ctx, (s) => {
      e = s;
    });
    await x.say(OFFICE, "/round open monthly 2022-06");
    await reportProblem(x, KJJ, "2022年6月", "需市发改委协调5G基站选址审批");
    x.at("2022-07-20T02:00:00Z");
    await x.say(OFFICE, "/round open monthly 2022-07");
    const july = await reportProblem(x, KJJ, "2022年7月", "需市发改委协调 5G基站选址审批。");
    expect(july.toast?.content).toContain("已并入协调事项第1号");
    const s = await x.say(OFFICE, "/suggest 加快数字经济立法 张代表 财经委视察 2022-07-18");
    expect(s.sent.map(shownText).join()).toContain("已记录代表意见建议第2号");
    const list = cardText(x, (await x.say(OFFICE, "/coord")).sent);
    expect(list).toContain("未销号 2 项");
    expect(list).toContain("**代表意见建议**\\n第2号 · 加快数字经济立法 · 2天 · 待交办");
    const rows = await ctx.database.query<{ repeats: number }>(
      sql`select repeats from coord_items where id = 1`,
    );
    expect(rows[0]?.repeats).toBe(1);
  });
});

/** 交办 items past their due date: reminded and escalated by the scheduler's tick, red in /status. */
describeDb("e2e: overdue 交办 items", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  /**
   * Item 1 (市科技局's problem) 交办 to 市发改委 and 市经信局 by Friday 15 July, 市经信局 answering; item 2 (a
   * delegate's suggestion) 交办 to 市发改委 by Saturday 16 July.
   */
  async function assignedItems(x: E2E) {
    await x.say(OFFICE, "/round open monthly 2022-06");
    await reportProblem(x, KJJ, "2022年6月", "需市发改委协调5G基站选址审批");
    // A delegate's suggestion 交办 with a due date on a Saturday.
    await x.say(OFFICE, "/suggest 加快数字经济立法 张代表 财经委视察 2022-07-01");
    const list = await x.say(OFFICE, "/coord");
    const listCard = x.fake.cardOf(list.sent.find((m) => m.msgType === "interactive")?.messageId ?? "");
    const assign = async (no: number, units: string, due: string) => {
      const view = await x.click(OFFICE, cardButton(listCard, `第${no}号 交办`).value);
      const r = await x.click(OFFICE, cardButton(view.card, "交办").value, { formValue: { units, due } });
      expect(r.toast?.content).toContain(`已将第${no}号交办`);
    };
    await assign(1, "市发改委、市经信局", "2022-07-15");
    await assign(2, "市发改委", "2022-07-16");
    const answer = x.fake
      .sent({ openId: JXJ.openId })
      .findLast((m) => cardShown(m.card).includes("需市发改委协调5G基站选址审批"));
    await x.click(JXJ, cardButton(x.fake.cardOf(answer?.messageId ?? ""), "提交办理情况").value, {
      formValue: { text: "已配合提供产业园区用地资料" },
    });
  }

  /** The 交办 cards someone received since `from` (a count of their messages), as shown. */
  const titlesOf = (x: E2E) => (who: { openId: string } | { chatId: string }, from: number) =>
    x.fake
      .sent(who)
      .slice(from)
      .map((m) => cardShown(m.card))
      .filter((c) => c.includes("交办事项"));

  /** The scheduler's tick at a local time of Asia/Shanghai (DUBAN_TIMEZONE's default). */
  const tickerOf = (x: E2E) => async (local: string) => {
    const at = new Date(`${local}:00+08:00`);
    x.at(at);
    const r = await x.rt.scheduler.tick(at);
    expect(r.errors).toEqual([]);
    await x.settle();
  };

  it("the unit is reminded on the due day and after it, in working time only; the office told once, privately; /status names it", async () => {
    const x = await seedYear(ctx, (s) => {
      e = s;
    });
    await assignedItems(x);
    const titles = titlesOf(x);
    const tickAt = tickerOf(x);
    const fgw0 = x.fake.sent({ openId: FGW.openId }).length;
    const jxj0 = x.fake.sent({ openId: JXJ.openId }).length;
    const office0 = x.fake.sent({ openId: OFFICE.openId }).length;
    const chat0 = x.fake.sent({ chatId: CHAT }).length;
    await tickAt("2022-07-14T10:00");
    await tickAt("2022-07-15T08:30");
    expect(titles(FGW, fgw0)).toEqual([]);
    // Friday 15 July: item 1 is due; item 2, due on the Saturday, is reminded on this working day before it.
    await tickAt("2022-07-15T10:00");
    await tickAt("2022-07-15T13:00");
    const dueDay = titles(FGW, fgw0);
    expect(dueDay).toHaveLength(2);
    expect(dueDay.find((c) => c.includes("第1号"))).toContain("交办事项今日到期 · 协调事项第1号");
    const early = dueDay.find((c) => c.includes("第2号"));
    expect(early).toContain("交办事项即将到期 · 代表意见建议第2号");
    expect(early).toContain("办理时限为2022年7月16日（星期六），请在时限前提交办理情况。");
    // Overdue from Saturday; nothing is sent on the weekend, nor on Monday at 22:00 (the first tick that day).
    await tickAt("2022-07-16T10:00");
    await tickAt("2022-07-17T15:00");
    await tickAt("2022-07-18T22:00");
    expect(titles(FGW, fgw0)).toHaveLength(2);
    expect(titles(OFFICE, office0)).toEqual([]);
    // The next tick in working time sends each step once, however often it runs.
    await tickAt("2022-07-19T09:45");
    await tickAt("2022-07-19T13:00");
    const after = titles(FGW, fgw0).slice(2);
    expect(after).toHaveLength(2);
    const late = after.find((c) => c.includes("第1号"));
    expect(late).toContain("交办事项逾期提醒 · 协调事项第1号");
    expect(late).toContain("办理时限为2022年7月15日，现已逾期");
    expect(after.find((c) => c.includes("第2号"))).toContain("交办事项逾期提醒 · 代表意见建议第2号");
    // 市经信局 answered in time: nothing for it.
    expect(titles(JXJ, jxj0)).toEqual([]);
    // The office hears it once an item, privately: the plan's only chat has liaisons in it, so it is the work
    // group, where escalations do not belong.
    expect(titles({ chatId: CHAT }, chat0)).toEqual([]);
    const toOffice = titles(OFFICE, office0);
    expect(toOffice).toHaveLength(2);
    expect(toOffice.find((c) => c.includes("需市发改委"))).toContain(
      "「需市发改委协调5G基站选址审批」办理时限为2022年7月15日，市发改委尚未答复。",
    );

    const status = await x.say(OFFICE, "/status 全部");
    const shown = cardText(x, status.sent);
    expect(shown).toContain("**协调事项**");
    expect(shown).toContain("共2项，未销号2项：办理中2项");
    expect(shown).toContain("<font color='red'>第1号逾期</font> · 需市发改委协调5G基站选址审批");
    expect(shown).toContain("未答复：市发改委");

    // The 通报's 存在问题 names the overdue item and who still owes its answer.
    const before = x.fake.sent().length;
    await x.say(OFFICE, "/bulletin quarter 2022-Q3");
    const file = await fileAfter(x, before);
    const doc = (await readDocx(new Uint8Array(file?.bytes ?? []))).paragraphs.map((p) => p.text);
    const issues = doc.slice(doc.indexOf("三、存在问题"), doc.indexOf("四、下步工作要求")).join("\n");
    expect(issues).toContain("协调事项办理情况：累计登记协调事项1项，已销号0项，正在办理1项，待交办0项。");
    expect(issues).toContain(
      "1.第1号「需市发改委协调5G基站选址审批」（市科技局提出，任务一.1），办理时限2022年7月15日，未答复单位：市发改委。",
    );
  });

  /**
   * Ticks at each local time of Asia/Shanghai: [time, the 交办 lines of its dry run, the 交办 cards 市发改委's liaison
   * and the office received], each as its heading and item.
   */
  async function walk(x: E2E, times: readonly string[]) {
    const label = (c: string) =>
      `${/交办事项(今日到期|即将到期|逾期提醒|逾期)/.exec(c)?.[0]} ${/(协调事项|代表意见建议)第\d+号/.exec(c)?.[0]}`;
    const seen: Array<[string, string[], string[]]> = [];
    for (const local of times) {
      const at = new Date(`${local}:00+08:00`);
      x.at(at);
      const dry = await x.rt.scheduler.tick(at, { dryRun: true });
      const before = [FGW, OFFICE].map((p) => x.fake.sent({ openId: p.openId }).length);
      const r = await x.rt.scheduler.tick(at);
      expect(r.errors).toEqual([]);
      await x.settle();
      const listed = (dry.planned ?? []).filter((l) => l.type === "coord").map((l) => label(l.text));
      const sent = [FGW, OFFICE].flatMap((p, i) => titlesOf(x)(p, before[i] ?? 0).map(label));
      seen.push([local, listed.sort(), sent.sort()]);
    }
    return seen;
  }

  it("the plan's own time zone decides the working time and the day of its 交办 reminders, not DUBAN_TIMEZONE", async () => {
    const x = await seedYear(ctx, (s) => {
      e = s;
    });
    await assignedItems(x);
    await ctx.database.query(sql`update plans set timezone = 'Europe/London' where id = ${WUHAN_ID}`);
    const overdue = [
      "交办事项逾期 代表意见建议第2号",
      "交办事项逾期 协调事项第1号",
      "交办事项逾期提醒 代表意见建议第2号",
      "交办事项逾期提醒 协调事项第1号",
    ];
    // Friday 10:00 in Shanghai is 03:00 in London; Saturday 00:30 is Friday 17:30 there, item 1's due day;
    // Tuesday 09:45 is 02:45 there, 17:30 is 10:30.
    expect(
      await walk(x, ["2022-07-15T10:00", "2022-07-16T00:30", "2022-07-19T09:45", "2022-07-19T17:30"]),
    ).toEqual([
      ["2022-07-15T10:00", [], []],
      [
        "2022-07-16T00:30",
        ["交办事项今日到期 协调事项第1号", "交办事项即将到期 代表意见建议第2号"],
        ["交办事项今日到期 协调事项第1号", "交办事项即将到期 代表意见建议第2号"],
      ],
      ["2022-07-19T09:45", [], []],
      ["2022-07-19T17:30", overdue, overdue],
    ]);
  });

  it("a plan whose schedule is disabled sends no 交办 reminder, on the due day nor after it", async () => {
    const x = await seedYear(ctx, (s) => {
      e = s;
    });
    await assignedItems(x);
    await ctx.database.query(
      sql`update plans set settings = coalesce(settings, '{}'::jsonb) || '{"schedule":{"enabled":false}}'::jsonb
        where id = ${WUHAN_ID}`,
    );
    const before = x.fake.sent().length;
    expect(await walk(x, ["2022-07-15T10:00", "2022-07-19T09:45", "2022-07-20T10:00"])).toEqual([
      ["2022-07-15T10:00", [], []],
      ["2022-07-19T09:45", [], []],
      ["2022-07-20T10:00", [], []],
    ]);
    expect(x.fake.sent().slice(before)).toEqual([]);
  });
});
