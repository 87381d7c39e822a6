import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { localTime } from "../../src/domain/time";
import type { TickResult } from "../../src/schedule/tick-result";
import { FakeFeishu, instance, TZ } from "../fakes/schedule";
import { at, days, reportAll, roundId, seedWuhanLike } from "../fixtures/schedule-seed";
import { describeDb } from "../helpers/db";

/**
 * A year of the Wuhan-like plan, March to December 2022, ticking at 08:50, 09:45, 10:15 and 19:00 every
 * day: which rounds open, which nudges, escalations and bulletin drafts go out on which day.
 * 市科技局 reports its June round on 2022-06-22 at noon; nobody else ever reports.
 */
const TIMES = ["08:50", "09:45", "10:15", "19:00"];

const expected: Record<
  string,
  { open: string; remind: string; due: string; overdue: string; escalate: string; close: string }
> = {
  // period: the days, all hand-computed on the 2022 calendar (清明 4/3-5 with Saturday 4/2 worked, 劳动节
  // 4/30-5/4 with Sunday 4/24 and Saturday 5/7 worked, 端午 6/3, 中秋 9/12, 国庆 10/1-7).
  "filing:2022": {
    open: "2022-03-17",
    remind: "2022-03-28",
    due: "2022-03-31",
    overdue: "2022-04-01",
    escalate: "2022-04-06",
    close: "2022-04-08",
  },
  "monthly:2022-04": {
    open: "2022-04-19",
    remind: "2022-04-21",
    due: "2022-04-25",
    overdue: "2022-04-26",
    escalate: "2022-04-28",
    close: "2022-05-05",
  },
  "monthly:2022-05": {
    open: "2022-05-18",
    remind: "2022-05-20",
    due: "2022-05-25",
    overdue: "2022-05-26",
    escalate: "2022-05-30",
    close: "2022-06-01",
  },
  "monthly:2022-06": {
    open: "2022-06-17",
    remind: "2022-06-21",
    due: "2022-06-24",
    overdue: "2022-06-27",
    escalate: "2022-06-29",
    close: "2022-07-01",
  },
  "half_year:2022-H1": {
    open: "2022-06-16",
    remind: "2022-06-27",
    due: "2022-06-30",
    overdue: "2022-07-01",
    escalate: "2022-07-05",
    close: "2022-07-07",
  },
  "monthly:2022-07": {
    open: "2022-07-18",
    remind: "2022-07-20",
    due: "2022-07-25",
    overdue: "2022-07-26",
    escalate: "2022-07-28",
    close: "2022-08-01",
  },
  "monthly:2022-08": {
    open: "2022-08-18",
    remind: "2022-08-22",
    due: "2022-08-25",
    overdue: "2022-08-26",
    escalate: "2022-08-30",
    close: "2022-09-01",
  },
  "monthly:2022-09": {
    open: "2022-09-16",
    remind: "2022-09-20",
    due: "2022-09-23",
    overdue: "2022-09-26",
    escalate: "2022-09-28",
    close: "2022-09-30",
  },
  "monthly:2022-10": {
    open: "2022-10-18",
    remind: "2022-10-20",
    due: "2022-10-25",
    overdue: "2022-10-26",
    escalate: "2022-10-28",
    close: "2022-11-01",
  },
  // The lead units' 自评, in the plan's last phase: a milestone round, opened 10 working days before.
  "selfcheck:2022": {
    open: "2022-11-01",
    remind: "2022-11-10",
    due: "2022-11-15",
    overdue: "2022-11-16",
    escalate: "2022-11-18",
    close: "2022-11-22",
  },
  "annual:2022": {
    open: "2022-11-16",
    remind: "2022-11-25",
    due: "2022-11-30",
    overdue: "2022-12-01",
    escalate: "2022-12-05",
    close: "2022-12-07",
  },
};

describeDb("tick through 2022", (ctx) => {
  it("opens every round, nudges, escalates and drafts bulletins on the right days, and stops nudging a unit that reported", async () => {
    const { unitIds } = await seedWuhanLike(ctx.database);
    const feishu = new FakeFeishu();
    const scheduler = instance(ctx.database, feishu);
    const results: Array<{ day: string; time: string; r: TickResult }> = [];
    for (const day of days("2022-03-01", "2022-12-09")) {
      for (const time of TIMES) {
        if (day === "2022-06-22" && time === "19:00") {
          const june = await roundId(ctx.database, "monthly", "2022-06");
          expect(await reportAll(ctx.database, june, unitIds.市科技局 ?? 0, at(day, "12:00"))).toBe(2);
        }
        const r = await scheduler.tick(at(day, time));
        expect(r.ran).toBe(true);
        expect(r.errors).toEqual([]);
        expect(r.warnings).toEqual([]);
        results.push({ day, time, r });
      }
    }

    // Rounds: created on the first tick, opened and closed on their days.
    expect(results[0]?.r.rounds.created).toBe(11);
    expect(scheduler.opener.calls.map((c) => [`${c.kind}:${c.period}`, c.day])).toEqual(
      Object.entries(expected)
        .map(([period, e]) => [period, e.open])
        .sort((a, b) => (a[1] ?? "").localeCompare(b[1] ?? "")),
    );
    const closeDays = results.filter((x) => x.r.rounds.closed > 0).map((x) => [x.day, x.time]);
    expect(closeDays).toEqual(
      Object.values(expected)
        .map((e) => [e.close, "19:00"])
        .sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? "")),
    );
    const states = await ctx.database.query<{ n: number }>(
      sql`select count(*)::int as n from rounds where state <> 'closed'`,
    );
    expect(states[0]?.n).toBe(0);

    // What went out, by round and step, on which days.
    const periods = new Map(
      (
        await ctx.database.query<{ id: number; kind: string; period: string }>(
          sql`select id, kind, period from rounds`,
        )
      ).map((c) => [c.id, `${c.kind}:${c.period}`]),
    );
    const sent = feishu.shownList();
    const byStep = new Map<string, Set<string>>();
    for (const d of sent) {
      if (d.key.startsWith("digest:")) continue; // the work group's digest of a tick's overdue units
      const m = /^(nudge|esc):(\d+):(?:[^:]+:)?(remind|due|overdue|office|lead)?/.exec(d.key);
      if (!m) throw new Error(`unexpected key ${d.key}`);
      const period = periods.get(Number(m[2]));
      const step = m[1] === "esc" ? "escalate" : (/:(remind|due|overdue)(:|$)/.exec(d.key)?.[1] ?? "?");
      const k = `${period} ${step}`;
      byStep.set(k, (byStep.get(k) ?? new Set()).add(d.day));
    }
    for (const [period, e] of Object.entries(expected)) {
      for (const step of ["remind", "due", "overdue", "escalate"] as const) {
        expect([...(byStep.get(`${period} ${step}`) ?? [])], `${period} ${step}`).toEqual([e[step]]);
      }
    }

    // Every message once, only at the working-hours ticks, never on a day off.
    expect(feishu.calls.length).toBe(feishu.shown.size);
    const times = new Set(sent.map((d) => localTime(d.at, TZ).minutes));
    expect([...times].sort()).toEqual([9 * 60 + 45, 10 * 60 + 15]);
    const workedWeekends = ["2022-04-02", "2022-04-24", "2022-05-07", "2022-10-08", "2022-10-09"];
    for (const d of sent) {
      const wd = new Date(`${d.day}T00:00:00Z`).getUTCDay();
      expect((wd !== 0 && wd !== 6) || workedWeekends.includes(d.day), d.day).toBe(true);
    }
    const nationalDay = results.filter((x) => x.day >= "2022-10-01" && x.day <= "2022-10-07");
    expect(
      nationalDay.every((x) => x.r.nudges.planned === 0 && x.r.escalations === 0 && x.r.rounds.opened === 0),
    ).toBe(true);
    expect(sent.filter((d) => d.day >= "2022-10-01" && d.day <= "2022-10-07")).toEqual([]);

    // One reminder per unit and step: 5 liaisons directly + 1 office note for 江汉区 (no liaison).
    const juneId = [...periods].find(([, p]) => p === "monthly:2022-06")?.[0];
    const juneRemind = sent.filter((d) => d.key.startsWith(`nudge:${juneId}:`) && d.key.endsWith(":remind"));
    expect(juneRemind.map((d) => (d.payload.kind === "send" ? d.payload.to : null))).toEqual(
      expect.arrayContaining([{ openId: "ou_kjj" }, { chatId: "oc_office" }]),
    );
    expect(juneRemind).toHaveLength(6);

    // 市科技局 reported June on 06-22: reminded on 06-21, then neither due, overdue nor in the escalation.
    const kjj = unitIds.市科技局;
    const keys = new Set(sent.map((d) => d.key));
    expect(keys.has(`nudge:${juneId}:${kjj}:remind`)).toBe(true);
    expect(keys.has(`nudge:${juneId}:${kjj}:due`)).toBe(false);
    expect(keys.has(`nudge:${juneId}:${kjj}:overdue`)).toBe(false);
    expect(keys.has(`nudge:${juneId}:${kjj}:overdue:urgent`)).toBe(false);
    const juneEsc = sent.find((d) => d.key === `esc:${juneId}:office`);
    expect(JSON.stringify(juneEsc?.payload)).not.toContain("市科技局");
    // …and 市经信局, whose task 一.2 only 市科技局 was late on, gets no lead escalation in June.
    expect(keys.has(`esc:${juneId}:lead:${unitIds.市经信局}`)).toBe(false);
    expect(keys.has(`esc:${juneId}:lead:${unitIds.市发改委}`)).toBe(true);
    // It still owes its half-year summary.
    const h1Id = [...periods].find(([, p]) => p === "half_year:2022-H1")?.[0];
    expect(keys.has(`nudge:${h1Id}:${kjj}:overdue`)).toBe(true);

    // Bulletin drafts: 季通报 after the June and September rounds, 半年 and 全年 after their rounds.
    expect(scheduler.drafter.calls.map((c) => [c.kind, c.period, c.day])).toEqual([
      ["quarter", "2022-Q2", "2022-06-27"],
      ["half", "2022-H1", "2022-07-01"],
      ["quarter", "2022-Q3", "2022-09-26"],
      ["year", "2022", "2022-12-01"],
    ]);
    const rounds = new Map([...periods].map(([id, p]) => [p, id]));
    expect(scheduler.drafter.calls[0]?.roundIds.sort()).toEqual(
      ["monthly:2022-04", "monthly:2022-05", "monthly:2022-06"].map((p) => rounds.get(p)).sort(),
    );

    // Nothing was ever skipped: every tick was on time.
    expect(results.reduce((n, x) => n + x.r.skipped.stale + x.r.skipped.before_open, 0)).toBe(0);
  }, 240_000);
});
