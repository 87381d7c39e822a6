import { describe, expect, it } from "vitest";
import { bulletinPeriod } from "../../../src/domain/period";
import { bulletinPlainText } from "../../../src/status/bulletins/draft";
import { composeBulletin } from "../../../src/status/bulletins/text";
import type { BulletinData } from "../../../src/status/ports";

const now = new Date("2022-07-05T10:00:00+08:00");
const round = {
  id: 1,
  planId: "p",
  kind: "monthly" as const,
  period: "2022-06",
  title: "2022年6月 月调度",
  opensAt: new Date("2022-06-20T09:00:00+08:00"),
  dueAt: new Date("2022-06-25T18:00:00+08:00"),
  closesAt: new Date("2022-06-30T18:00:00+08:00"),
  state: "closed" as const,
  requests: 2,
};

function data(over: Partial<BulletinData> = {}): BulletinData {
  return {
    plan: {
      id: "p",
      title: "数字经济发展三年行动实施方案",
      issuer: "市政府",
      timezone: "Asia/Shanghai",
      tolerance: null,
    },
    period: bulletinPeriod("quarter", 2022, 2),
    now,
    rounds: [round],
    units: [
      {
        unitId: 1,
        unitName: "甲局",
        ordinal: 0,
        total: 1,
        due: 1,
        reported: 1,
        onTime: 1,
        late: 0,
        overdue: 0,
        overdueRounds: [],
      },
      {
        unitId: 2,
        unitName: "乙局",
        ordinal: 1,
        total: 1,
        due: 1,
        reported: 1,
        onTime: 1,
        late: 0,
        overdue: 0,
        overdueRounds: [],
      },
    ],
    tasks: [
      {
        id: 1,
        code: "一.1",
        text: "建成数据中心机架4万个。",
        sectionTitle: "一",
        leadUnits: ["甲局"],
        units: [
          { unitName: "甲局", status: "done" },
          { unitName: "乙局", status: "done" },
        ],
      },
    ],
    indicators: [
      {
        id: 1,
        taskId: 1,
        name: "数据中心机架",
        target: 40000,
        comparator: "=",
        unitOfMeasure: "个",
        values: [{ unitId: 1, value: 14000, isLead: true, submittedAt: now }],
      },
    ],
    problems: [],
    phases: [{ name: "办理落实阶段", start: "2022-04-01", end: "2022-10-31" }],
    ...over,
  };
}

function section(text: string, heading: string): string {
  const body = text.split(`、${heading}\n`)[1]?.split(/\n\u3000\u3000[一二三四五六七]、/)[0] ?? "";
  if (!body.trim()) throw new Error(`no section ${heading}`);
  return body;
}

describe("bulletin composition", () => {
  it("says everyone reported on time, and asks nothing of non-reporters, when all did", () => {
    const text = bulletinPlainText(composeBulletin(data()));
    expect(text.startsWith("数字经济发展三年行动工作2022年第二季度通报\n")).toBe(true);
    expect(section(text, "未按时报送单位")).toContain("本期各承办单位均按时报送。");
    expect(section(text, "下步工作要求")).not.toContain("未按时报送的单位");
    expect(section(text, "任务推进情况")).toContain("已完成1项：（一）1 建成数据中心机架4万个。");
    expect(section(text, "需协调解决的问题")).toContain("本期各单位未提出需协调解决的问题。");
  });

  it("flags an indicator behind time progress, unless the plan allows a wider tolerance", () => {
    const strict = bulletinPlainText(composeBulletin(data()));
    expect(section(strict, "主要指标完成情况")).toContain("低于时序进度7.5个百分点，滞后于时序进度。");
    const lenient = bulletinPlainText(composeBulletin(data({ plan: { ...data().plan, tolerance: 10 } })));
    expect(section(lenient, "主要指标完成情况")).toContain("低于时序进度7.5个百分点，符合时序进度。");
    expect(section(lenient, "下步工作要求")).not.toContain("滞后于时序进度的指标");
  });

  it("reports a period without rounds plainly", () => {
    const d = composeBulletin(data({ rounds: [], units: [], tasks: [], indicators: [] }));
    const text = bulletinPlainText(d);
    expect(section(text, "总体情况")).toContain("本期未组织工作进展报送。");
    expect(section(text, "各单位报送情况")).toContain("本期暂无到期报送事项。");
    expect(d.summary.onTimeRatePct).toBeNull();
  });

  it("lists at most three missed rounds per unit and names the late ones separately", () => {
    const titles = ["2022年4月 月调度", "2022年5月 月调度", "2022年6月 月调度", "2022年上半年 半年工作小结"];
    const d = composeBulletin(
      data({
        units: [
          {
            unitId: 1,
            unitName: "甲局",
            ordinal: 0,
            total: 4,
            due: 4,
            reported: 0,
            onTime: 0,
            late: 0,
            overdue: 4,
            overdueRounds: titles,
          },
          {
            unitId: 2,
            unitName: "乙局",
            ordinal: 1,
            total: 4,
            due: 4,
            reported: 4,
            onTime: 3,
            late: 1,
            overdue: 0,
            overdueRounds: [],
          },
        ],
      }),
    );
    const text = section(bulletinPlainText(d), "未按时报送单位");
    expect(text).toContain("以下1家单位逾期未报送，予以通报：");
    expect(text).toContain(
      "甲局（2022年4月 月调度、2022年5月 月调度、2022年6月 月调度等4个轮次，逾期未报送4项次）。",
    );
    expect(text).toContain("以下1家单位未在规定时限内报送，予以提醒：乙局（迟报1项次）。");
    expect(d.summary.overdueUnits).toBe(1);
  });
});
