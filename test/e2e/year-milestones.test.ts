import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, shownText } from "./harness";
import { WUHAN_ID } from "./plan";
import { JXJ, OFFICE_CHAT, setUp, tick, WORK } from "./schedule-setup";

/** The office's own milestones through the real scheduler tick, the outbox and the fake Feishu. */
describeDb("e2e: the office's milestones", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("walking the last working days of August 2022 reminds the office of the 专题汇报 in working time, once a step", async () => {
    e = await setUp(ctx);
    const t = e;
    const reminders = (sent: Awaited<ReturnType<typeof tick>>["sent"]) =>
      sent.filter((m) => m.msgType === "interactive" && cardShown(m.card).includes("专题汇报"));
    const seen: Record<string, string[]> = {};
    // 24 August: once before working hours and once at night, never in them.
    const runs = ["08-22T09:45", "08-23T09:45", "08-24T08:30", "08-24T22:00", "08-25T09:45", "08-26T09:45"];
    for (const at of [...runs, "08-29T09:45", "08-30T09:45", "08-31T09:45"]) {
      const r = await tick(t, `2022-${at}`);
      await t.settle();
      seen[at] = reminders(
        [...r.sent, ...t.fake.sent().slice(-5)].filter((m, i, a) => a.indexOf(m) === i),
      ).map((m) => `${m.chatId}:${cardShown(m.card).match(/节点[^ ·"]*/)?.[0]}`);
    }
    // 31 August is a Wednesday: five working days ahead is the 24th, when the tick ran only outside working
    // hours; the next tick in them sends it. The work group hears nothing.
    expect(seen["08-23T09:45"]).toEqual([]);
    expect(seen["08-24T08:30"]).toEqual([]);
    expect(seen["08-24T22:00"]).toEqual([]);
    expect(seen["08-25T09:45"]).toEqual([`${OFFICE_CHAT}:节点提醒`]);
    expect(seen["08-26T09:45"]).toEqual([]);
    expect(seen["08-31T09:45"]).toEqual([`${OFFICE_CHAT}:节点今日到期`]);
    const all = t.fake.sent({ chatId: OFFICE_CHAT }).filter((m) => shownText(m).includes("专题汇报"));
    expect(all).toHaveLength(2);
    expect(cardShown(all[0]?.card)).toContain(
      "「向市人大常委会专题汇报数字经济相关工作」应于2022年8月31日前完成",
    );
    expect(t.fake.sent({ chatId: WORK }).filter((m) => shownText(m).includes("专题汇报"))).toEqual([]);

    // Not marked: missed from 1 September, a Thursday. Not at 22:00 that day, nor on the weekend: on Monday
    // 5 September, once however often the tick runs, red in /milestone.
    const missedSent = () =>
      t.fake.sent({ chatId: OFFICE_CHAT }).filter((m) => shownText(m).includes("节点已逾期"));
    for (const at of ["09-01T22:00", "09-03T10:00", "09-04T15:00"]) {
      await tick(t, `2022-${at}`);
      await t.settle();
      expect(missedSent(), at).toEqual([]);
    }
    await tick(t, "2022-09-05T09:45");
    await tick(t, "2022-09-05T10:45");
    await t.settle();
    expect(missedSent()).toHaveLength(1);
    const list = await t.say(OFFICE, "/milestone", { chatId: OFFICE_CHAT });
    expect(cardShown(t.fake.cardOf(list.sent[0]?.messageId ?? ""))).toContain(
      "向市人大常委会专题汇报数字经济相关工作 · 2022年8月31日前 · <font color='red'>已逾期</font>",
    );
    const done = await t.say(OFFICE, "/milestone done 1 已向市人大常委会专题汇报 https://example.cn/hb.pdf", {
      chatId: OFFICE_CHAT,
    });
    expect(done.sent.map(shownText).join()).toContain("已标记「向市人大常委会专题汇报数字经济相关工作」完成");
    const status = await t.say(OFFICE, "/status 全部", { chatId: OFFICE_CHAT });
    const shown = cardShown(t.fake.cardOf(status.sent[0]?.messageId ?? ""));
    expect(shown).toContain("**办公室节点**");
    expect(shown).toContain("<font color='green'>已完成（2022年9月5日）</font> · 已向市人大常委会专题汇报");
    expect(shown).toContain(
      "市人民政府分管副市长带队检查1号议案办理工作情况 · 2022年11月30日前 · <font color='grey'>未到期</font>",
    );
    const audit = await ctx.database.query<{ action: string }>(
      sql`select action from audit_log where action = 'milestone.done'`,
    );
    expect(audit).toHaveLength(1);
  });

  it("a liaison in the office's chat makes it a work group: the milestone goes to the office privately", async () => {
    e = await setUp(ctx);
    const t = e;
    t.fake.addMember(OFFICE_CHAT, JXJ.openId, JXJ.name);
    const joined = await t.deliver(t.sender.usersAdded({ chatId: OFFICE_CHAT, users: [JXJ] }));
    expect(joined.status).toBe(200);
    await t.settle();
    const isMilestone = (m: { msgType: string; card?: unknown }) =>
      m.msgType === "interactive" && cardShown(m.card).includes("专题汇报");

    const due = await tick(t, "2022-08-31T09:45");
    await t.settle();
    // The dry run says so too.
    const planned = due.planned.filter((l) => l.type === "milestone").map((l) => l.text);
    expect(planned).toHaveLength(1);
    expect(planned[0]).toMatch(new RegExp(`→ 私聊 ${OFFICE.openId}$`));
    const sent = t.fake.sent().filter(isMilestone);
    expect(sent.map((m) => `${m.chatType}:${m.openId}`)).toEqual([`p2p:${OFFICE.openId}`]);
    expect(cardShown(sent[0]?.card)).toContain("节点今日到期");
    // No chat with a liaison in it hears it.
    expect(t.fake.sent({ chatId: OFFICE_CHAT }).filter(isMilestone)).toEqual([]);
    expect(t.fake.sent({ chatId: WORK }).filter(isMilestone)).toEqual([]);

    // The liaison leaves: the office's chat is its own again, and the next step goes there.
    await t.deliver(t.sender.usersRemoved({ chatId: OFFICE_CHAT, users: [JXJ], reason: "deleted" }));
    await tick(t, "2022-09-01T09:45");
    await t.settle();
    const missed = t.fake.sent().filter((m) => isMilestone(m) && cardShown(m.card).includes("节点已逾期"));
    expect(missed.map((m) => m.chatId)).toEqual([OFFICE_CHAT]);
  });

  /** Ticks at each local time (Asia/Shanghai): [time, milestone lines of its dry run, milestone cards sent]. */
  async function walk(t: E2E, times: readonly string[]) {
    const seen: Array<[string, string[], string[]]> = [];
    for (const at of times) {
      const r = await tick(t, at);
      await t.settle();
      const listed = r.planned.filter((l) => l.type === "milestone").map((l) => l.text.split(" 「")[0] ?? "");
      const sent = r.sent
        .filter((m) => m.msgType === "interactive" && cardShown(m.card).includes("专题汇报"))
        .map((m) => cardShown(m.card).match(/节点[^ ·"]*/)?.[0] ?? "");
      seen.push([at, listed, sent]);
    }
    return seen;
  }

  it("the plan's own time zone decides the working time and the day of its milestones, not DUBAN_TIMEZONE", async () => {
    e = await setUp(ctx);
    await ctx.database.query(sql`update plans set timezone = 'Europe/London' where id = ${WUHAN_ID}`);
    // 09:45 in Shanghai is 02:45 in London; 23:30 and 17:30 in Shanghai are 16:30 and 10:30 there.
    expect(
      await walk(e, ["2022-08-31T09:45", "2022-08-31T23:30", "2022-09-01T09:45", "2022-09-01T17:30"]),
    ).toEqual([
      ["2022-08-31T09:45", [], []],
      ["2022-08-31T23:30", ["节点今日到期"], ["节点今日到期"]],
      ["2022-09-01T09:45", [], []],
      ["2022-09-01T17:30", ["节点已逾期"], ["节点已逾期"]],
    ]);
  });

  it("a plan whose schedule is disabled hears nothing from the tick, its milestones neither", async () => {
    e = await setUp(ctx);
    await ctx.database.query(
      sql`update plans set settings = coalesce(settings, '{}'::jsonb) || '{"schedule":{"enabled":false}}'::jsonb
        where id = ${WUHAN_ID}`,
    );
    const before = e.fake.sent().length;
    expect(await walk(e, ["2022-08-24T09:45", "2022-08-31T09:45", "2022-09-01T09:45"])).toEqual([
      ["2022-08-24T09:45", [], []],
      ["2022-08-31T09:45", [], []],
      ["2022-09-01T09:45", [], []],
    ]);
    expect(e.fake.sent().slice(before)).toEqual([]);
  });
});
