import { afterEach, expect, it } from "vitest";
import { cardButton, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, shownText } from "./harness";
import { CHAT2, JXJ, seedOffice } from "./office-seed";

/** The leading group's /status through the real route: goals, lights per section, charts; one screen. */

const LEADER = { openId: "ou_leader000000000000000000000000001", name: "周组长" };

type Element = { tag?: string; chart_spec?: { type?: string; data?: { values?: unknown[] } } };

describeDb("e2e: /status for the leading group", (ctx) => {
  let e: E2E | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it("a leader sees the four goals, the lights per section and two charts; a liaison the round", async () => {
    const x = await seedOffice(ctx, (started) => {
      e = started;
    });
    x.fake.addChat(CHAT2, [OFFICE, LEADER], "1号议案领导小组群");
    const granted = await x.say(OFFICE, `/grant @${LEADER.name} leader`, {
      mentions: [LEADER],
      chatId: CHAT2,
    });
    expect(granted.sent.map(shownText).join()).not.toContain("用法");

    const status = await x.say(LEADER, "/status", { chatId: CHAT2 });
    expect(status.sent.map((m) => m.chatId)).toEqual([CHAT2]);
    const msg = status.sent[0];
    const card = x.fake.cardOf(msg?.messageId ?? "") as { body?: { elements?: Element[] } } | undefined;
    const shown = cardShown(card);
    expect(shown).toContain("领导视图 · 2022年6月");
    expect(shown).toContain("目标指标（4项）");
    for (const name of ["数字经济领域重大项目", "数字经济产业园", "数字经济应用场景"])
      expect(shown).toContain(name);
    expect(shown).toContain("目标20个以上");
    expect(shown).toMatch(
      /任务灯色\*\* <font color='green'>绿\d+<\/font> <font color='orange'>黄\d+<\/font> <font color='red'>红\d+<\/font>/,
    );
    expect(shown).toMatch(/一、[^\n]+绿\d+/);
    expect(shown).toMatch(/二、[^\n]+绿\d+/);
    const elements = card?.body?.elements ?? [];
    const charts = elements.filter((el) => el.tag === "chart");
    expect(charts).toHaveLength(2);
    for (const c of charts) {
      expect(c.chart_spec?.type).toBe("bar");
      expect(c.chart_spec?.data?.values?.length).toBeGreaterThan(0);
    }
    expect(elements.length).toBeLessThanOrEqual(7);

    // 各单位报送情况 opens the round's overview in place.
    const units = await x.click(LEADER, cardButton(card, "各单位报送情况").value, {
      messageId: msg?.messageId ?? "",
      chatId: CHAT2,
    });
    expect(cardShown(units.card)).toContain("逾期未报");

    // A liaison still gets the round's overview.
    const liaison = await x.say(JXJ, "/status");
    expect(liaison.sent.map((m) => cardShown(x.fake.cardOf(m.messageId))).join()).toContain(
      "2022年6月 月调度",
    );
  });
});
