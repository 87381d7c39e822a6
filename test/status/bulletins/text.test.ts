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
        asked: true,
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
        asked: true,
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
          { unitName: "甲局", status: "done", asked: true, role: "lead", progress: null, evidence: [] },
          {
            unitName: "乙局",
            status: "done",
            asked: true,
            role: "responsible",
            progress: null,
            evidence: [],
          },
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
    coordItems: [],
    phases: [{ name: "办理落实阶段", start: "2022-04-01", end: "2022-10-31" }],
    ...over,
  };
}

function section(text: string, heading: string): string {
  const body = text.split(`、${heading}\n`)[1]?.split(/\n\u3000\u3000[一二三四五六七]、/)[0] ?? "";
  if (!body.trim()) throw new Error(`no section ${heading}`);
  return body;
}

const unit = (over: Partial<BulletinData["units"][number]>): BulletinData["units"][number] => ({
  unitId: 1,
  unitName: "甲局",
  ordinal: 0,
  total: 4,
  due: 4,
  reported: 4,
  onTime: 4,
  late: 0,
  overdue: 0,
  overdueRounds: [],
  asked: true,
  ...over,
});

const lenient = (over: Partial<BulletinData> = {}) =>
  data({ plan: { ...data().plan, tolerance: 10 }, ...over });

describe("bulletin composition", () => {
  it("has the four parts of a 通报 and asks nothing of non-reporters when all reported on time", () => {
    const text = bulletinPlainText(composeBulletin(lenient()));
    expect(text.startsWith("数字经济发展三年行动工作2022年第二季度通报\n\n各成员单位：")).toBe(true);
    const headings = [...text.matchAll(/^\u3000\u3000([一二三四五六七])、(\S+)$/gm)].map((m) => m[2]);
    expect(headings).toEqual(["总体情况", "主要进展", "存在问题", "下步工作要求"]);
    expect(section(text, "总体情况")).toContain("绿灯1项、黄灯0项、红灯0项");
    expect(section(text, "主要进展")).toContain("一.1 建成数据中心机架4万个。");
    expect(section(text, "存在问题")).toContain("各成员单位均按时报送");
    expect(section(text, "下步工作要求")).not.toContain("未按时报送的单位");
  });

  it("quotes the lead unit's report in one or two sentences under the plan's section", () => {
    const base = data();
    const [task] = base.tasks;
    if (!task) throw new Error("fixture");
    const said = "已建成机架1.4万个。正在推进二期建设。第三句不应出现。";
    const text = bulletinPlainText(
      composeBulletin(
        lenient({
          tasks: [
            {
              ...task,
              sectionTitle: "夯实数字新基建",
              units: [
                {
                  unitName: "乙局",
                  status: "in_progress",
                  asked: true,
                  role: "responsible",
                  progress: "乙局配合。",
                  evidence: [],
                },
                {
                  unitName: "甲局",
                  status: "in_progress",
                  asked: true,
                  role: "lead",
                  progress: said,
                  evidence: [],
                },
              ],
            },
          ],
        }),
      ),
    );
    const progress = section(text, "主要进展");
    expect(progress).toContain("（一）夯实数字新基建");
    expect(progress).toContain("甲局报告：已建成机架1.4万个。正在推进二期建设。");
    expect(progress).not.toContain("第三句");
    expect(progress).toContain("截至6月底累计1.4万个，为目标的35%");
  });

  it("says an indicator lags only when it is beyond the tolerance, and lights the task yellow then", () => {
    const strict = composeBulletin(data());
    const strictText = bulletinPlainText(strict);
    expect(section(strictText, "主要进展")).toContain("滞后于时序进度7.5个百分点。");
    expect(section(strictText, "存在问题")).toContain("一.1（黄）");
    expect(strict.summary.yellowTasks).toEqual(["一.1 建成数据中心机架4万个"]);
    const easy = bulletinPlainText(composeBulletin(lenient()));
    expect(section(easy, "主要进展")).toContain("与时序进度基本同步。");
    expect(section(easy, "主要进展")).not.toContain("滞后");
    expect(section(easy, "存在问题")).not.toContain("一.1");
  });

  it("never says of one figure both that it lags and that it keeps pace", () => {
    for (const value of [4000, 10000, 13000, 14000, 16000, 17000, 20000, 40000])
      for (const tolerance of [0, 5, 10, 20]) {
        const base = data();
        const ind = base.indicators[0];
        if (!ind) throw new Error("fixture");
        const d = composeBulletin(
          data({
            plan: { ...base.plan, tolerance },
            indicators: [{ ...ind, values: [{ unitId: 1, value, isLead: true, submittedAt: now }] }],
          }),
        );
        const text = bulletinPlainText(d);
        for (const sentence of text.split(/[。\n]/)) {
          const lags = /滞后|低于时序进度/.test(sentence);
          const keeps = /符合时序进度|基本同步|快于时序进度|已达到目标/.test(sentence);
          expect(lags && keeps, `${value}/${tolerance}: ${sentence}`).toBe(false);
        }
        // The light in 存在问题 and in the summary agree.
        const yellow = d.summary.yellowTasks?.length ?? 0;
        expect(section(text, "存在问题").includes("一.1（黄）"), `${value}/${tolerance}`).toBe(yellow === 1);
      }
  });

  it("reports a period without rounds plainly", () => {
    const d = composeBulletin(data({ rounds: [], units: [], tasks: [], indicators: [] }));
    const text = bulletinPlainText(d);
    expect(section(text, "总体情况")).toContain("本期未组织工作进展报送。");
    expect(d.summary.onTimeRatePct).toBeNull();
  });

  it("names units overdue and late among those asked, never a unit without a liaison", () => {
    const d = composeBulletin(
      data({
        units: [
          unit({ reported: 0, onTime: 0, overdue: 4, overdueRounds: ["2022年6月 月调度"] }),
          unit({ unitId: 2, unitName: "乙局", ordinal: 1, onTime: 3, late: 1 }),
          unit({ unitId: 3, unitName: "丙区", ordinal: 2, reported: 0, onTime: 0, overdue: 4, asked: false }),
        ],
      }),
    );
    const text = bulletinPlainText(d);
    expect(section(text, "存在问题")).toContain("以下单位逾期未报送：甲局（4项次）。");
    expect(section(text, "存在问题")).toContain("以下单位未在规定时限内报送：乙局（迟报1项次）。");
    expect(section(text, "总体情况")).toContain("2家成员单位应报送8项次");
    expect(text).not.toContain("丙区");
    expect(d.summary.overdueUnits).toBe(1);
    expect(d.summary.unmapped).toEqual(["丙区"]);
  });
});
