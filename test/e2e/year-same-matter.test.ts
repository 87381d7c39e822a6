import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { cardButton, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE } from "./harness";
import { cardText, KJJ } from "./office-seed";
import { reportProblem, seedYear } from "./year-seed";

/** A problem reworded in a later month: the liaison says whether it is the open item's matter (是否同一事项). */
describeDb("e2e: 是否同一事项", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("是 adds a follow-up to the open item; 否 opens a new one; a second click changes nothing", async () => {
    const x = await seedYear(ctx, (s) => {
      e = s;
    });
    await x.say(OFFICE, "/round open monthly 2022-06");
    await reportProblem(x, KJJ, "2022年6月", "需市发改委协调5G基站选址审批");

    // July: the same matter in other words. No item yet: the liaison is asked.
    x.at("2022-07-20T02:00:00Z");
    await x.say(OFFICE, "/round open monthly 2022-07");
    const k0 = x.fake.sent({ openId: KJJ.openId }).length;
    const july = await reportProblem(x, KJJ, "2022年7月", "需市发改委协调5G基站选址审批，加快办理进度");
    expect(july.toast?.content).toContain("与协调事项第1号相近，请在随后的卡片中确认是否同一事项");
    const asked = x.fake
      .sent({ openId: KJJ.openId })
      .slice(k0)
      .find((m) => cardShown(m.card).includes("是否同一事项"));
    const askCard = x.fake.cardOf(asked?.messageId ?? "");
    expect(cardShown(askCard)).toContain("是否同一事项 · 协调事项第1号");
    expect(cardShown(askCard)).toContain("需市发改委协调5G基站选址审批，加快办理进度");
    const yes = await x.click(KJJ, cardButton(askCard, "是，并入第1号").value);
    expect(yes.toast?.content).toContain("已并入协调事项第1号");
    const again = await x.click(KJJ, cardButton(askCard, "否，登记为新事项").value);
    expect(again.toast?.content).toContain("本次问题已处理（协调事项第1号）");

    // August: reworded again; this time the liaison says it is a new matter.
    x.at("2022-08-22T02:00:00Z");
    await x.say(OFFICE, "/round open monthly 2022-08");
    const k1 = x.fake.sent({ openId: KJJ.openId }).length;
    await reportProblem(x, KJJ, "2022年8月", "需市发改委协调5G基站选址审批的用地指标");
    const asked2 = x.fake
      .sent({ openId: KJJ.openId })
      .slice(k1)
      .find((m) => cardShown(m.card).includes("是否同一事项"));
    const no = await x.click(
      KJJ,
      cardButton(x.fake.cardOf(asked2?.messageId ?? ""), "否，登记为新事项").value,
    );
    expect(no.toast?.content).toContain("已登记为协调事项第2号");

    const rows = await ctx.database.query<{ id: number; repeats: number; text: string }>(
      sql`select id, repeats, text from coord_items order by id`,
    );
    expect(rows.map((r) => [r.id, r.repeats, r.text])).toEqual([
      [1, 1, "需市发改委协调5G基站选址审批"],
      [2, 0, "需市发改委协调5G基站选址审批的用地指标"],
    ]);
    const list = await x.say(OFFICE, "/coord");
    expect(cardText(x, list.sent)).toContain("未销号 2 项");
    const listCard = x.fake.cardOf(list.sent.find((m) => m.msgType === "interactive")?.messageId ?? "");
    const view = await x.click(OFFICE, cardButton(listCard, "第1号 交办").value);
    expect(cardShown(view.card)).toContain("2022年7月20日续报：**需市发改委协调5G基站选址审批，加快办理进度");
    const audit = await ctx.database.query<{ action: string }>(
      sql`select action from audit_log where subject = 'coord:1' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(["coord.raise", "coord.repeat"]);
  });
});
