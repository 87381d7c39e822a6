import { describe, expect, it } from "vitest";
import { createCalendar } from "../../../src/domain/calendar";
import { planSchema } from "../../../src/domain/plan-format";
import { localTime } from "../../../src/domain/time";
import { chineseCalendarData } from "../../../src/schedule/calendar-data";
import { milestoneKind, roundSpecs } from "../../../src/schedule/domain/rounds";
import { defaultScheduleSettings, parseScheduleSettings } from "../../../src/schedule/domain/settings";
import type { PlanState } from "../../../src/schedule/domain/types";
import { wuhanLikePlan } from "../../fixtures/wuhan-like-plan";

const TZ = "Asia/Shanghai";
const cal = createCalendar(chineseCalendarData());

function planState(settings: unknown = {}): PlanState {
  const plan = planSchema.parse(wuhanLikePlan());
  return {
    id: "wuhan-like",
    timezone: TZ,
    settings,
    rhythm: plan.rhythm.map((r) => r.kind),
    phases: plan.phases.map((p, i) => ({
      ordinal: i,
      name: p.name,
      start: p.start,
      end: p.end,
      milestones: p.milestones,
    })),
  };
}

const local = (d: Date) => {
  const t = localTime(d, TZ);
  return `${t.day} ${String(Math.floor(t.minutes / 60)).padStart(2, "0")}:${String(t.minutes % 60).padStart(2, "0")}`;
};

describe("rounds from the plan", () => {
  it("schedules the filing, monthly rounds through 办理落实, the half-year, the 自评 and the annual rounds", () => {
    const { specs, warnings } = roundSpecs(planState(), defaultScheduleSettings, cal);
    expect(warnings).toEqual([]);
    expect(
      specs.map((s) => [s.kind, s.period, s.title, local(s.dueAt), local(s.closesAt).slice(0, 10)]),
    ).toEqual([
      ["filing", "2022", "2022年 工作方案备案", "2022-03-31 18:00", "2022-04-08"],
      ["monthly", "2022-04", "2022年4月 月调度", "2022-04-25 18:00", "2022-05-05"],
      ["monthly", "2022-05", "2022年5月 月调度", "2022-05-25 18:00", "2022-06-01"],
      ["monthly", "2022-06", "2022年6月 月调度", "2022-06-24 18:00", "2022-07-01"], // 25th is a Saturday
      ["half_year", "2022-H1", "2022年上半年 半年小结", "2022-06-30 18:00", "2022-07-07"],
      ["monthly", "2022-07", "2022年7月 月调度", "2022-07-25 18:00", "2022-08-01"],
      ["monthly", "2022-08", "2022年8月 月调度", "2022-08-25 18:00", "2022-09-01"],
      ["monthly", "2022-09", "2022年9月 月调度", "2022-09-23 18:00", "2022-09-30"], // 25th is a Sunday
      ["monthly", "2022-10", "2022年10月 月调度", "2022-10-25 18:00", "2022-11-01"],
      // 自评: 10 working days into the last phase (督促检查阶段, from 2022-11-01)
      ["selfcheck", "2022", "2022年 自评", "2022-11-15 18:00", "2022-11-22"],
      ["annual", "2022", "2022年 全年总结", "2022-11-30 18:00", "2022-12-07"],
    ]);
  });

  it("opens monthly rounds 5 working days and milestone rounds 10 working days before, at 09:31–09:39", () => {
    const { specs } = roundSpecs(planState(), defaultScheduleSettings, cal);
    const opens = Object.fromEntries(specs.map((s) => [`${s.kind}:${s.period}`, local(s.opensAt)]));
    expect(opens["filing:2022"]?.slice(0, 10)).toBe("2022-03-17");
    expect(opens["monthly:2022-04"]?.slice(0, 10)).toBe("2022-04-19"); // 2022-04-24 (Sunday) is a 调休 working day
    expect(opens["monthly:2022-06"]?.slice(0, 10)).toBe("2022-06-17");
    expect(opens["half_year:2022-H1"]?.slice(0, 10)).toBe("2022-06-16");
    expect(opens["annual:2022"]?.slice(0, 10)).toBe("2022-11-16");
    for (const t of Object.values(opens)) expect(t.slice(11)).toMatch(/^09:3[1-9]$/);
  });

  it("follows the plan's settings: due day 30 puts September's round on the eve of National Day", () => {
    const { specs } = roundSpecs(planState(), parse({ monthly: { dueDay: 30 } }), cal);
    const sep = specs.find((s) => s.period === "2022-09");
    expect(sep && local(sep.dueAt)).toBe("2022-09-30 18:00");
    expect(sep && local(sep.closesAt)).toBe("2022-10-12 18:00"); // 10-08 and 10-09 are 调休 working days
    const oct = specs.find((s) => s.period === "2022-10");
    expect(oct && local(oct.dueAt)).toBe("2022-10-28 18:00"); // 10-30 is a Sunday
  });

  it("can turn monthly rounds off, or pin their months", () => {
    expect(
      roundSpecs(planState(), parse({ monthly: { enabled: false } }), cal).specs.map((s) => s.kind),
    ).toEqual(["filing", "half_year", "selfcheck", "annual"]);
    const pinned = roundSpecs(planState(), parse({ monthly: { from: "2022-05", to: "2022-06" } }), cal).specs;
    expect(pinned.filter((s) => s.kind === "monthly").map((s) => s.period)).toEqual(["2022-05", "2022-06"]);
  });

  it("reads a milestone's kind from its text when the importer left it out", () => {
    expect(milestoneKind("制订具体工作方案报办公室备案", null)).toBe("filing");
    expect(milestoneKind("报送半年工作小结", null)).toBe("half_year");
    expect(milestoneKind("做好全年工作总结", null)).toBe("annual");
    expect(milestoneKind("向市人大常委会专题汇报", null)).toBeNull();
  });
});

describe("schedule settings", () => {
  it("has a default for everything", () => {
    expect(defaultScheduleSettings.monthly.dueDay).toBe(25);
    expect(defaultScheduleSettings.ladder.remind).toEqual({
      enabled: true,
      time: "09:30",
      workdaysBefore: 3,
    });
    expect(defaultScheduleSettings.ladder.escalate).toEqual({
      enabled: true,
      time: "10:00",
      workdaysAfter: 3,
    });
    expect(defaultScheduleSettings.graceMinutes).toBeNull();
  });

  it("rejects a nudge time outside working hours and a bad day, naming the field", () => {
    const bad = parseScheduleSettings({
      schedule: { ladder: { due: { time: "20:00" } }, monthly: { dueDay: 40 } },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems.join("\n")).toContain("monthly.dueDay");
      expect(bad.problems.join("\n")).toContain("ladder.due.time 20:00 is outside workHours");
    }
  });
});

function parse(schedule: unknown) {
  const r = parseScheduleSettings({ schedule });
  if (!r.ok) throw new Error(r.problems.join("; "));
  return r.settings;
}
