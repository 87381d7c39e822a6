import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { FakeFeishu, instance } from "../fakes/schedule";
import { at, roundId, seedWuhanLike } from "../fixtures/schedule-seed";
import { describeDb } from "../helpers/db";

/** The June round opens on 06-17; its reminder is due on 06-21 at 09:31–09:39, its grace ends 2 h later. */
describeDb("tick after downtime", (ctx) => {
  async function setup() {
    await seedWuhanLike(ctx.database);
    const feishu = new FakeFeishu();
    const scheduler = instance(ctx.database, feishu);
    const first = await scheduler.tick(at("2022-06-17", "09:45"));
    expect(scheduler.opener.calls.map((c) => c.period).sort()).toEqual(["2022-06", "2022-H1"]);
    expect(first.errors).toEqual([]);
    const june = await roundId(ctx.database, "monthly", "2022-06");
    const juneSent = (step: string) =>
      feishu.shownList().filter((d) => d.key.startsWith(`nudge:${june}:`) && d.key.endsWith(`:${step}`));
    const audits = () =>
      ctx.database.query<{ action: string; subject: string; units: number }>(
        sql`select action, subject, (after->>'units')::int as units from audit_log order by id`,
      );
    return { feishu, scheduler, june, juneSent, audits };
  }

  it("a reminder missed by less than the grace window goes out once, late", async () => {
    const { scheduler, juneSent } = await setup();
    const r = await scheduler.tick(at("2022-06-21", "11:00"));
    expect(r.nudges.byStep).toEqual({ remind: 6 });
    expect(r.skipped.stale).toBe(0);
    expect(juneSent("remind").map((d) => d.day)).toEqual(Array(6).fill("2022-06-21"));
    const again = await scheduler.tick(at("2022-06-21", "11:01"));
    expect(again.nudges.planned).toBe(0);
    expect(again.enqueued).toBe(0);
    expect(juneSent("remind")).toHaveLength(6);
  });

  it("a reminder missed by more is skipped, logged once in the audit log, and the ladder goes on", async () => {
    const { scheduler, juneSent, audits } = await setup();
    const r = await scheduler.tick(at("2022-06-21", "12:00"));
    expect(r.nudges.planned).toBe(0);
    expect(r.skipped.stale).toBe(6);
    expect(juneSent("remind")).toEqual([]);
    expect(await audits()).toEqual([
      {
        action: "schedule.skipped.stale",
        subject: expect.stringMatching(/^nudge:\d+:office:remind:stale$/),
        units: 6,
      },
    ]);
    const later = await scheduler.tick(at("2022-06-21", "12:30"));
    expect(later.skipped.stale).toBe(0);
    expect(await audits()).toHaveLength(1);
    const due = await scheduler.tick(at("2022-06-24", "09:45"));
    expect(due.nudges.byStep).toEqual({ due: 6 });
    expect(juneSent("due")).toHaveLength(6);
  });

  it("after days down, only today's step goes out; the older ones are skipped, never flooded", async () => {
    const { scheduler, juneSent, feishu } = await setup();
    const r = await scheduler.tick(at("2022-06-27", "10:00"));
    // June: remind (06-21) and due (06-24) stale; overdue (06-27) sent. H1: its reminder is today too.
    expect(r.skipped.stale).toBe(12);
    expect(r.nudges.byStep).toEqual({ overdue: 6, remind: 6 });
    expect(juneSent("remind")).toEqual([]);
    expect(juneSent("due")).toEqual([]);
    expect(juneSent("overdue").map((d) => d.day)).toEqual(Array(6).fill("2022-06-27"));
    expect(feishu.calls.length).toBe(feishu.shown.size);
  });

  it("a dry run plans the same actions and writes nothing", async () => {
    const { scheduler } = await setup();
    const count = async () =>
      (
        await ctx.database.query<{ n: number }>(
          sql`select (select count(*) from outbox) + (select count(*) from scheduler_state) + (select count(*) from audit_log) as n`,
        )
      )[0]?.n;
    const before = Number(await count());
    const dry = await scheduler.tick(at("2022-06-21", "09:45"), { dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.planned?.filter((p) => p.type === "nudge").map((p) => p.text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^报送提醒 2022年6月 月调度 · 市科技局 → 市科技局联络员 \(私聊 ou_kjj\) 2 项$/),
      ]),
    );
    expect(dry.nudges.planned).toBe(6);
    expect(Number(await count())).toBe(before);
    const real = await scheduler.tick(at("2022-06-21", "09:45"));
    expect(real.nudges.planned).toBe(6);
    expect(real.enqueued).toBe(6);
  });
});
