import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { calendarOverrides } from "../../src/db/schema";
import { localTime } from "../../src/domain/time";
import { FakeFeishu, instance, TZ } from "../fakes/schedule";
import { at, days, seedWuhanLike } from "../fixtures/schedule-seed";
import { describeDb } from "../helpers/db";

const stepOf = (key: string) =>
  /:(remind|due|overdue)(:|$)/.exec(key)?.[1] ?? (key.startsWith("esc:") ? "escalate" : "?");

describeDb("tick and the Chinese calendar", (ctx) => {
  it("with rounds due on the 30th, September's goes overdue on the 调休 Saturday 10-08 and nothing moves during National Day", async () => {
    await seedWuhanLike(ctx.database, { monthly: { dueDay: 30 } });
    const feishu = new FakeFeishu();
    const scheduler = instance(ctx.database, feishu);
    const quiet: string[] = [];
    for (const day of days("2022-09-20", "2022-10-12")) {
      for (const time of ["09:45", "10:15", "19:00"]) {
        const r = await scheduler.tick(at(day, time));
        expect(r.errors).toEqual([]);
        if (
          day >= "2022-10-01" &&
          day <= "2022-10-07" &&
          r.nudges.planned + r.escalations + r.rounds.opened === 0
        )
          quiet.push(`${day} ${time}`);
      }
    }
    expect(quiet).toHaveLength(7 * 3);
    const [sep] = await ctx.database.query<{ id: number; due: string }>(
      sql`select id, to_char(due_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as due from rounds where period = '2022-09'`,
    );
    expect(sep?.due).toBe("2022-09-30 18:00");
    const september = feishu
      .shownList()
      .filter((d) => d.key.startsWith(`nudge:${sep?.id}:`) || d.key.startsWith(`esc:${sep?.id}:`));
    const daysByStep = new Map<string, Set<string>>();
    for (const d of september)
      daysByStep.set(stepOf(d.key), (daysByStep.get(stepOf(d.key)) ?? new Set()).add(d.day));
    expect(Object.fromEntries([...daysByStep].map(([k, v]) => [k, [...v]]))).toEqual({
      remind: ["2022-09-27"],
      due: ["2022-09-30"],
      overdue: ["2022-10-08"], // a Saturday, worked (调休)
      escalate: ["2022-10-10"], // 10-08, 10-09 (Sunday, worked), 10-10
    });
    expect(feishu.shownList().filter((d) => d.day >= "2022-10-01" && d.day <= "2022-10-07")).toEqual([]);
    const overdue = september.find((d) => stepOf(d.key) === "overdue" && d.payload.kind === "send");
    expect(overdue && localTime(overdue.at, TZ).day).toBe("2022-10-08");
  }, 120_000);

  it("the office's override of a day moves the due date (and the round's opening) with it", async () => {
    await seedWuhanLike(ctx.database);
    await ctx.database.db
      .insert(calendarOverrides)
      .values({ day: "2022-06-24", workday: false, note: "全市停电检修" });
    const scheduler = instance(ctx.database, new FakeFeishu());
    const r = await scheduler.tick(at("2022-06-01", "08:00"));
    expect(r.rounds.created).toBe(9); // May (closing today) to the annual round, with the 自评
    const rows = await ctx.database.query<{ period: string; due: string; opens: string }>(
      sql`select period, to_char(due_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as due,
                 to_char(opens_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as opens from rounds`,
    );
    expect(rows.find((x) => x.period === "2022-06")).toMatchObject({
      due: "2022-06-23",
      opens: "2022-06-16",
    });
  });

  it("a round already scheduled moves when an override is added before it opens", async () => {
    await seedWuhanLike(ctx.database);
    const scheduler = instance(ctx.database, new FakeFeishu());
    await scheduler.tick(at("2022-06-01", "08:00"));
    await ctx.database.db.insert(calendarOverrides).values({ day: "2022-06-24", workday: false });
    const r = await scheduler.tick(at("2022-06-01", "08:01"));
    expect(r.rounds.rescheduled).toBeGreaterThanOrEqual(1);
    const [june] = await ctx.database.query<{ due: string }>(
      sql`select to_char(due_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as due from rounds where period = '2022-06'`,
    );
    expect(june?.due).toBe("2022-06-23");
  });
});
