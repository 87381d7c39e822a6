import { expect, it } from "vitest";
import { chats, rounds } from "../../src/db/schema";
import { Refusal } from "../../src/kernel/refusal";
import { periodOf } from "../../src/schedule/domain/rounds";
import { smallPlan } from "../fixtures/small-plan";
import { scenario } from "../helpers/collect-scenario";
import { describeDb } from "../helpers/db";

const now = new Date("2022-06-20T02:00:00Z");

describeDb("opening a round as the schedule does (the service port)", (ctx) => {
  it("is idempotent: a second call creates nothing and sends nothing", async () => {
    const s = await scenario(ctx.database, smallPlan());
    await s.bind("ou_a", "市经信局");
    const first = await s.collect.openRound(s.planId, "monthly", "2022-06", undefined, now, "scheduler");
    expect(first).toMatchObject({
      created: true,
      requests: { created: 5, total: 5 },
      units: 4,
      cardsQueued: 1,
    });
    expect(first.unitsWithoutContact.map((u) => u.name)).toEqual([
      "市科技局",
      "江岸区人民政府",
      "江汉区人民政府",
    ]);
    const items = s.outbox.items.length;
    const second = await s.collect.openRound(s.planId, "monthly", "2022-06", undefined, now, "scheduler");
    expect(second).toMatchObject({
      created: false,
      round: { id: first.round.id },
      requests: { created: 0 },
      cardsQueued: 0,
    });
    expect(s.outbox.items.length).toBe(items);
  });

  it("keeps the office's due date; a round the schedule prepared ahead opens now, keeping its times", async () => {
    const s = await scenario(ctx.database, smallPlan());
    await s.bind("ou_a", "市经信局");
    const r = await s.collect.openRound(
      s.planId,
      "monthly",
      "2022-06",
      { dueDay: "2022-06-27", dueTime: "10:00" },
      now,
      "ou_office",
    );
    expect(r.round).toMatchObject({
      opensAt: now,
      dueAt: new Date("2022-06-27T02:00:00Z"),
      closesAt: new Date("2022-07-04T10:00:00Z"), // 5 working days later at the plan's due time
      state: "open",
      openedBy: "ou_office",
    });

    // The schedule prepared July ahead (opening 07-18); the office opens it early: the cards go out now.
    const opensAt = new Date("2022-07-18T01:30:00Z");
    const dueAt = new Date("2022-07-25T10:00:00Z");
    const closesAt = new Date("2022-08-01T10:00:00Z");
    await ctx.database.db.insert(rounds).values({
      planId: s.planId,
      kind: "monthly",
      period: "2022-07",
      title: "2022年7月 月调度",
      opensAt,
      dueAt,
      closesAt,
      state: "scheduled",
    });
    const july = await s.collect.openRound(s.planId, "monthly", "2022年7月", undefined, now, "ou_office");
    expect(july).toMatchObject({ created: true });
    expect(july.round).toMatchObject({ state: "open", opensAt: now, dueAt, closesAt });
    const card = s.cardsTo("ou_a").find((c) => c.item.key.startsWith(`overview:${july.round.id}:`));
    expect(card?.item.notBefore).toBeUndefined();
  });

  it("opens a filing round under the schedule's period, and finds it again by its year", async () => {
    const s = await scenario(ctx.database, smallPlan());
    const r = await s.collect.openRound(s.planId, "filing", "2022-07", undefined, now, "ou_office");
    // Due on the last working day of the month named (07-31 is a Sunday), stored as the schedule names it.
    expect(r.round.dueAt).toEqual(new Date("2022-07-29T10:00:00Z"));
    expect(r.round).toMatchObject({
      kind: "filing",
      period: periodOf("filing", "2022-07-29"),
      title: "2022年 工作方案备案",
    });
    const again = await s.collect.openRound(s.planId, "filing", "2022", undefined, now, "schedule");
    expect(again).toMatchObject({ created: false, round: { id: r.round.id } });
    expect(await s.collect.findRound(s.planId, "filing", "2022年", now)).toMatchObject({ id: r.round.id });
    expect(await s.collect.findRound(s.planId, "monthly", "6月", now)).toBeUndefined();
  });

  it("tells the office chat, when there is one, about units nobody can receive; once", async () => {
    const s = await scenario(ctx.database, smallPlan());
    await ctx.database.db.insert(chats).values({ chatId: "oc_office", planId: s.planId, isOffice: true });
    await s.collect.openRound(s.planId, "monthly", "2022-06", undefined, now, "scheduler");
    await s.collect.openRound(s.planId, "monthly", "2022-06", undefined, now, "scheduler");
    const notices = s.outbox.items.filter((i) => i.purpose === "escalation");
    expect(notices).toHaveLength(1);
    expect(notices[0]?.kind === "send" && notices[0].to).toEqual({ chatId: "oc_office" });
  });

  it("delivers the cards of open rounds to liaisons bound later, once", async () => {
    const s = await scenario(ctx.database, smallPlan());
    await s.collect.openRound(s.planId, "monthly", "2022-06", undefined, now, "scheduler");
    await s.bind("ou_late", "市科技局");
    expect(await s.collect.deliverOverviews(s.planId, now, await s.unitId("市科技局"))).toBe(1);
    expect(await s.collect.deliverOverviews(s.planId, now)).toBe(0);
    expect(s.cardsTo("ou_late").map((c) => c.card.template)).toEqual(["overview"]);
  });

  it("refuses a period it cannot read and a round already past its due date unless given one", async () => {
    const s = await scenario(ctx.database, smallPlan());
    await expect(s.collect.openRound(s.planId, "monthly", "六月份", undefined, now, "x")).rejects.toThrow(
      /无法识别「六月份」。月调度的期次应为月份，例如 2022-06/,
    );
    await expect(
      s.collect.openRound(s.planId, "monthly", "2022-05", undefined, now, "x"),
    ).rejects.toBeInstanceOf(Refusal);
    const [reply] = await s.command("/round open monthly 2022-05");
    expect(reply).toContain("截止时间早于开启时间");
    expect(reply).toContain("/round open monthly 2022-05 2022-06-27");
    const [ok] = await s.command("/round open monthly 2022-05 2022-06-27");
    expect(ok).toContain("2022年6月27日（星期一）18:00");
    await expect(
      s.collect.openRound("no-such-plan", "monthly", "2022-06", undefined, now, "x"),
    ).rejects.toThrow("没有编号为「no-such-plan」的工作方案");
  });
});
