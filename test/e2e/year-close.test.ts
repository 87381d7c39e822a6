import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { createPlanStore } from "../../src/db/store/plan-store";
import { loadPlan } from "../../src/plans/load";
import { cardButton, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, shownText } from "./harness";
import { CHAT, cardText, KJJ, until } from "./office-seed";
import { wuhanPlan } from "./plan";
import { seedYear } from "./year-seed";

/** The plan's end (/plan close) and the next year's plan taking over its people, through the webhook route. */
describeDb("e2e: closing a plan and the next year's plan", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("a closed plan refuses reports, the tick leaves it alone, /export still works; 2023's plan keeps the liaisons", async () => {
    const x = await seedYear(ctx, (s) => {
      e = s;
    });
    await x.say(OFFICE, "/round open monthly 2022-06");

    // A liaison may not close; the office gets a confirmation card first.
    expect((await x.say(KJJ, "/plan close 确认")).sent.map(shownText).join()).toContain("仅限");
    const asked = await x.say(OFFICE, "/plan close");
    expect(cardText(x, asked.sent)).toContain("归档不可撤销");
    const askMsg = asked.sent.find((m) => m.msgType === "interactive");
    const askCard = x.fake.cardOf(askMsg?.messageId ?? "");
    x.at("2023-01-31T02:00:00Z");
    const closed = await x.click(OFFICE, cardButton(askCard, "确认归档").value);
    expect(closed.toast?.type).toBe("success");
    expect(cardShown(closed.card)).toContain("已于2023年1月31日由领导小组办公室办结归档");

    // Every write is refused with the archive's date; a second close too.
    const report = await x.say(KJJ, "/report");
    expect(report.sent.map(shownText).join()).toContain("本方案已于2023年1月31日办结归档，现为只读");
    expect((await x.say(OFFICE, "/round open monthly 2022-07")).sent.map(shownText).join()).toContain(
      "办结归档",
    );
    expect((await x.say(OFFICE, "/plan close 确认")).sent.map(shownText).join()).toContain("办结归档");
    const overview = x.fake
      .sent({ openId: KJJ.openId })
      .find((m) => m.msgType === "interactive" && cardShown(m.card).includes("2022年6月"));
    const fill = await x.click(KJJ, cardButton(x.fake.cardOf(overview?.messageId ?? ""), "填报").value, {
      messageId: overview?.messageId ?? "",
    });
    expect(fill.toast?.content).toContain("办结归档");

    // The June round is open and overdue, yet the tick sends nothing for the archived plan.
    const before = x.fake.sent().length;
    const tick = await x.rt.scheduler.tick(new Date("2023-02-01T02:00:00Z"));
    expect(tick.plans).toBe(0);
    expect(tick.enqueued).toBe(0);
    expect(x.fake.sent().length).toBe(before);

    // Reading and exporting still work.
    const exported = await x.say(OFFICE, "/export 全部");
    expect(exported.sent.map(shownText).join()).toContain("已生成");
    await until(x, () =>
      x.fake
        .sent()
        .slice(before)
        .some((m) => m.msgType === "file"),
    );
    expect((await x.say(OFFICE, "/status")).sent.length).toBeGreaterThan(0);

    // The 2023 plan: the chat moves to it and 市科技局's liaison is still 李科技 there.
    const plan2023 = { ...(wuhanPlan() as Record<string, unknown>), id: "wuhan-2023-proposal-1" };
    const loaded = await loadPlan(createPlanStore(ctx.database.db), plan2023, {
      now: new Date("2023-02-01T00:00:00Z"),
    });
    expect(loaded.carried).toMatchObject({ from: "wuhan-2022-proposal-1", chats: 1 });
    expect(loaded.carried?.grants).toBeGreaterThanOrEqual(3);
    const chat = await ctx.database.query<{ plan_id: string }>(
      sql`select plan_id from chats where chat_id = ${CHAT}`,
    );
    expect(chat[0]?.plan_id).toBe("wuhan-2023-proposal-1");
    const who = await x.say(KJJ, "/whoami");
    expect(who.sent.map(shownText).join()).toContain("市科技局");
    const list = await x.say(OFFICE, "/plan");
    expect(list.sent.map(shownText).join()).toContain("▶ wuhan-2023-proposal-1");
    expect(list.sent.map(shownText).join()).toMatch(/wuhan-2022-proposal-1.*已归档/);
    // The new plan takes writes again.
    expect((await x.say(KJJ, "/report")).sent.map(shownText).join()).not.toContain("办结归档");
  });
});
