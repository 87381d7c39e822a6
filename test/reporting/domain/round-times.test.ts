import { describe, expect, it } from "vitest";
import { createCalendar } from "../../../src/domain/calendar";
import { planSchema } from "../../../src/domain/plan-format";
import { formatDue } from "../../../src/domain/time";
import { type PlanSchedule, plannedRound } from "../../../src/reporting/domain/round-times";
import { chineseCalendarData } from "../../../src/schedule/calendar-data";
import { periodOf, roundSpecs } from "../../../src/schedule/domain/rounds";
import { parseScheduleSettings } from "../../../src/schedule/domain/settings";
import { wuhanLikePlan } from "../../fixtures/wuhan-like-plan";

const TZ = "Asia/Shanghai";
const now = new Date("2022-03-10T02:00:00Z");

function plan(settings: unknown = {}, overrides: PlanSchedule["calendarOverrides"] = []): PlanSchedule {
  const p = planSchema.parse(wuhanLikePlan());
  return {
    planId: "wuhan-like",
    timezone: TZ,
    settings,
    phases: p.phases.map((ph, i) => ({
      ordinal: i,
      name: ph.name,
      start: ph.start,
      end: ph.end,
      milestones: ph.milestones,
    })),
    calendar: chineseCalendarData(),
    calendarOverrides: overrides,
  };
}

const due = (r: { times: { dueAt: Date } }) => formatDue(r.times.dueAt, TZ);

/** The schedule's own rounds for the plan (what the tick creates). */
function scheduleOf(p: PlanSchedule) {
  const parsed = parseScheduleSettings(p.settings);
  if (!parsed.ok) throw new Error(parsed.problems.join());
  const cal = createCalendar(p.calendar, new Map(p.calendarOverrides.map((o) => [o.day, o.workday])));
  return roundSpecs(
    { id: p.planId, timezone: TZ, settings: p.settings, rhythm: [], phases: p.phases },
    parsed.settings,
    cal,
  ).specs;
}

describe("times of a round opened by hand", () => {
  it("agree with the schedule's round for every round the plan schedules (the office names it as it likes)", () => {
    const p = plan();
    const typed: Record<string, string> = { filing: "2022" }; // the filing round is named by its year
    const specs = scheduleOf(p);
    expect(specs.length).toBeGreaterThan(8);
    for (const spec of specs) {
      const r = plannedRound(p, spec.kind, typed[spec.kind] ?? spec.period, now);
      expect(r, `${spec.kind} ${spec.period}`).toMatchObject({
        period: spec.period,
        title: spec.title,
        times: { opensAt: now, dueAt: spec.dueAt, closesAt: spec.closesAt },
        scheduled: true,
      });
    }
  });

  it("fall on working days of the official calendar, 调休 and holidays included, outside the plan's months too", () => {
    // 2022-06-25 is a Saturday: Friday the 24th.
    expect(due(plannedRound(plan(), "monthly", "2022-06", now))).toBe("2022年6月24日（星期五）18:00");
    // 2023-01-25 falls in the Spring Festival holiday (01-21..01-27): the last working day before it.
    const jan = plannedRound(plan(), "monthly", "2023-01", now);
    expect(jan.scheduled).toBe(false);
    expect(due(jan)).toBe("2023年1月20日（星期五）18:00");
    // It closes 5 working days later: 01-28 (Saturday) and 01-29 (Sunday) are 调休 working days.
    expect(formatDue(jan.times.closesAt, TZ)).toBe("2023年2月1日（星期三）18:00");
  });

  it("follow the plan's schedule settings (due day and time) and the office's calendar overrides", () => {
    const settings = { schedule: { dueTime: "17:00", monthly: { dueDay: 20 } } };
    const june = plannedRound(plan(settings), "monthly", "2022-06", now);
    expect(due(june)).toBe("2022年6月20日（星期一）17:00");
    expect(june.times.dueAt).toEqual(scheduleOf(plan(settings)).find((s) => s.period === "2022-06")?.dueAt);
    // The office declares 2022-06-24 a day off: both the schedule and the hand-opened round move to the 23rd.
    const off = plan({}, [{ day: "2022-06-24", workday: false }]);
    expect(due(plannedRound(off, "monthly", "2022-06", now))).toBe("2022年6月23日（星期四）18:00");
    expect(scheduleOf(off).find((s) => s.period === "2022-06")?.dueAt).toEqual(
      plannedRound(off, "monthly", "2022-06", now).times.dueAt,
    );
  });

  it("keep the office's own due date as typed, at the plan's due time unless a time is given", () => {
    const r = plannedRound(plan(), "monthly", "2022-06", now, { dueDay: "2022-06-26" });
    expect(due(r)).toBe("2022年6月26日（星期日）18:00");
    expect(formatDue(r.times.closesAt, TZ)).toBe("2022年7月1日（星期五）18:00");
    expect(
      due(plannedRound(plan(), "monthly", "2022-06", now, { dueDay: "2022-06-27", dueTime: "12:00" })),
    ).toBe("2022年6月27日（星期一）12:00");
  });

  it("fall back to the default settings, and say why, when the plan's settings are invalid", () => {
    const r = plannedRound(plan({ schedule: { dueTime: "25:00" } }), "monthly", "2022-06", now);
    expect(due(r)).toBe("2022年6月24日（星期五）18:00");
    expect(r.warnings.join()).toContain("dueTime");
  });

  it("date a filing round without a milestone two weeks on, under the schedule's period for that date", () => {
    const p = { ...plan(), phases: [] };
    const r = plannedRound(p, "filing", "2022", new Date("2022-06-20T02:00:00Z"));
    expect(r).toMatchObject({ period: periodOf("filing", "2022-07-04"), scheduled: false });
    expect(due(r)).toBe("2022年7月4日（星期一）18:00");
  });
});
