import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, shownText } from "./harness";
import { OFFICE_CHAT, setUp, tick, WORK } from "./schedule-setup";

/** The office's own milestones through the real scheduler tick, the outbox and the fake Feishu. */
describeDb("e2e: the office's milestones", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("walking the last working days of August 2022 reminds the office of the 专题汇报, once a step", async () => {
    e = await setUp(ctx);
    const t = e;
    const reminders = (sent: Awaited<ReturnType<typeof tick>>["sent"]) =>
      sent.filter((m) => m.msgType === "interactive" && cardShown(m.card).includes("专题汇报"));
    const seen: Record<string, string[]> = {};
    for (const day of ["08-22", "08-23", "08-24", "08-25", "08-26", "08-29", "08-30", "08-31"]) {
      const r = await tick(t, `2022-${day}T09:45`);
      await t.settle();
      seen[day] = reminders(
        [...r.sent, ...t.fake.sent().slice(-5)].filter((m, i, a) => a.indexOf(m) === i),
      ).map((m) => `${m.chatId}:${cardShown(m.card).match(/节点[^ ·"]*/)?.[0]}`);
    }
    // 31 August is a Wednesday: five working days ahead is the 24th; the work group hears nothing.
    expect(seen["08-23"]).toEqual([]);
    expect(seen["08-24"]).toEqual([`${OFFICE_CHAT}:节点提醒`]);
    expect(seen["08-25"]).toEqual([]);
    expect(seen["08-31"]).toEqual([`${OFFICE_CHAT}:节点今日到期`]);
    const all = t.fake.sent({ chatId: OFFICE_CHAT }).filter((m) => shownText(m).includes("专题汇报"));
    expect(all).toHaveLength(2);
    expect(cardShown(all[0]?.card)).toContain(
      "「向市人大常委会专题汇报数字经济相关工作」应于2022年8月31日前完成",
    );
    expect(t.fake.sent({ chatId: WORK }).filter((m) => shownText(m).includes("专题汇报"))).toEqual([]);

    // Not marked: on 1 September it is missed, reminded once, red in /milestone.
    await tick(t, "2022-09-01T09:45");
    await tick(t, "2022-09-01T10:45");
    const missed = t.fake.sent({ chatId: OFFICE_CHAT }).filter((m) => shownText(m).includes("节点已逾期"));
    expect(missed).toHaveLength(1);
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
    expect(shown).toContain("<font color='green'>已完成（2022年9月1日）</font> · 已向市人大常委会专题汇报");
    expect(shown).toContain(
      "市人民政府分管副市长带队检查1号议案办理工作情况 · 2022年11月30日前 · <font color='grey'>未到期</font>",
    );
    const audit = await ctx.database.query<{ action: string }>(
      sql`select action from audit_log where action = 'milestone.done'`,
    );
    expect(audit).toHaveLength(1);
  });
});
