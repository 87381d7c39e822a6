import { describe, expect, it } from "vitest";
import { createCalendar } from "../../src/domain/calendar";
import { localTime } from "../../src/domain/time";
import { importPlanDocument } from "../../src/plans/import";
import { monthlyDay } from "../../src/plans/import/mechanisms";
import { chineseCalendarData } from "../../src/schedule/calendar-data";
import { roundSpecs } from "../../src/schedule/domain/rounds";
import { parseScheduleSettings, settingsWithPlanDefaults } from "../../src/schedule/domain/settings";
import { importFixture } from "./helpers";

const plan = (mechanism: string) =>
  importPlanDocument(
    [
      "临江市2024年数据要素工作要点",
      "临江市人民政府办公室",
      "2024年2月20日",
      "一、重点任务",
      "1.建设公共数据平台。（牵头单位：市大数据局）",
      "完成时限：2024年12月底前",
      "二、保障措施",
      mechanism,
    ].join("\n"),
    { id: "linjiang" },
  );

/** The monthly rounds the schedule makes of the plan through 2024, with the office's settings over its rhythm. */
function monthlyRounds(p: ReturnType<typeof plan>, settings: unknown) {
  const parsed = parseScheduleSettings(settingsWithPlanDefaults(settings, p.rhythm));
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const state = {
    id: "linjiang",
    timezone: "Asia/Shanghai",
    settings,
    rhythm: p.rhythm.map((r) => r.kind),
    phases: [{ ordinal: 0, name: "全年", start: "2024-03-01", end: "2024-12-31", milestones: [] }],
  };
  const cal = createCalendar(chineseCalendarData());
  return roundSpecs(state, parsed.settings, cal).specs.filter((s) => s.kind === "monthly");
}

describe("the day of the month a plan says units report by", () => {
  it("is read from a closing clause, from a sentence about the units, and from the named rhythm", () => {
    expect(plan("以下各项任务均需于每月5日前报送进展。").rhythm).toEqual([
      expect.objectContaining({ kind: "monthly_dispatch", day: 5 }),
    ]);
    expect(importFixture("yunzhou-2023-business-environment.txt").rhythm).toContainEqual(
      expect.objectContaining({ kind: "monthly_dispatch", day: 5 }),
    );
    // 实行月调度 names the rhythm; the day stated in another sentence joins it.
    const both = plan("实行月调度、季通报制度。各牵头单位于每月十日前报送工作进展情况。").rhythm;
    expect(both.find((r) => r.kind === "monthly_dispatch")?.day).toBe(10);
    expect(both.find((r) => r.kind === "quarterly_bulletin")?.day).toBeUndefined();
  });

  it("reads digits, Chinese numerals and 号, and nothing that is not a day", () => {
    expect(monthlyDay("每月25日前报送")).toBe(25);
    expect(monthlyDay("每月二十日前报送")).toBe(20);
    expect(monthlyDay("每月廿五日前报送")).toBe(25);
    expect(monthlyDay("每月10号前报送")).toBe(10);
    expect(monthlyDay("每月报送一次")).toBeUndefined();
    expect(monthlyDay("每月32日前报送")).toBeUndefined();
  });

  it("makes the monthly rounds due on that day unless the office set another", () => {
    const p = plan("以下各项任务均需于每月5日前报送进展。");
    const dueDays = (settings: unknown) =>
      monthlyRounds(p, settings).map((s) => localTime(s.dueAt, "Asia/Shanghai").day);
    const fromPlan = dueDays({});
    // 04-05 is 清明 and 05-05 falls in the 劳动节 holiday: each moves to the working day before.
    expect(fromPlan.slice(0, 3)).toEqual(["2024-03-05", "2024-04-03", "2024-04-30"]);
    // The office's own setting wins over the document.
    expect(dueDays({ schedule: { monthly: { dueDay: 20 } } }).slice(0, 1)).toEqual(["2024-03-20"]);
  });
});

describe("a plan whose units report each quarter", () => {
  const quarterly = plan("各牵头单位要明确1名联络员，于每季度末将工作推进情况报区专班办公室。");
  const monthlySpecs = (settings: unknown) => monthlyRounds(quarterly, settings);

  it("is read as a quarterly collection, not as the office's 季通报", () => {
    expect(quarterly.rhythm.map((r) => r.kind)).toEqual(["quarterly_dispatch"]);
  });

  it("gets one round in each quarter's last month, due at its end and named by the quarter", () => {
    expect(monthlySpecs({}).map((s) => [s.period, s.title, localTime(s.dueAt, "Asia/Shanghai").day])).toEqual(
      [
        ["2024-03", "2024年第一季度 季度调度", "2024-03-29"], // 03-31 is a Sunday
        ["2024-06", "2024年第二季度 季度调度", "2024-06-28"], // 06-30 is a Sunday
        ["2024-09", "2024年第三季度 季度调度", "2024-09-30"],
        ["2024-12", "2024年第四季度 季度调度", "2024-12-31"],
      ],
    );
    // The office can still ask every month.
    expect(monthlySpecs({ schedule: { monthly: { every: "month", dueDay: 25 } } })).toHaveLength(10);
  });
});
