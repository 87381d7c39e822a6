import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { FakeFeishu, instance } from "../fakes/schedule";
import { at, seedWuhanLike } from "../fixtures/schedule-seed";
import { describeDb } from "../helpers/db";

/** The plan as the importer reads a document that states its own reporting rhythm. */
async function withRhythm(ctx: { database: Parameters<typeof seedWuhanLike>[0] }, rhythm: unknown[]) {
  const { planId } = await seedWuhanLike(ctx.database);
  await ctx.database.query(
    sql`update plans set document = jsonb_set(document, '{rhythm}', ${JSON.stringify(rhythm)}::jsonb)
      where id = ${planId}`,
  );
  await instance(ctx.database, new FakeFeishu()).tick(at("2022-04-01", "08:00"));
  return ctx.database.query<{ period: string; title: string; due: string }>(
    sql`select period, title, to_char(due_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as due
      from rounds where kind = 'monthly' order by due_at`,
  );
}

describeDb("the tick follows the rhythm the plan document states", (ctx) => {
  it("每月5日前报送: the monthly rounds are due on the 5th (a day off moves to the working day before)", async () => {
    const rounds = await withRhythm(ctx, [
      { kind: "monthly_dispatch", text: "以下各项任务均需于每月5日前报送进展", day: 5 },
    ]);
    expect(rounds.slice(0, 3).map((r) => [r.period, r.due])).toEqual([
      ["2022-04", "2022-04-02"], // 04-05 is in the 清明 holiday; 04-02, a Saturday, is a 调休 working day
      ["2022-05", "2022-05-05"],
      ["2022-06", "2022-06-02"], // 06-03 is 端午; 06-05 a Sunday
    ]);
  });

  it("units that report each quarter get one 季度调度 round a quarter, due at its end", async () => {
    const rounds = await withRhythm(ctx, [
      { kind: "quarterly_dispatch", text: "各牵头单位于每季度末报送任务进展情况" },
    ]);
    expect(rounds.map((r) => [r.period, r.title, r.due])).toEqual([
      ["2022-06", "2022年第二季度 季度调度", "2022-06-30"],
      ["2022-09", "2022年第三季度 季度调度", "2022-09-30"],
    ]);
  });
});
