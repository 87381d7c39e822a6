import { describe, expect, it } from "vitest";
import {
  aggregateIndicator,
  elapsedShare,
  formatAmount,
  formatTarget,
  isDecrease,
  pickProgressWindow,
  progressTolerance,
  timeProgress,
} from "../../src/domain/progress";

const phases = [
  { name: "动员部署阶段", start: null, end: "2022-03-31" },
  { name: "办理落实阶段", start: "2022-04-01", end: "2022-10-31" },
  { name: "督促检查阶段", start: "2022-11-01", end: "2022-11-30" },
];

describe("time progress (时序进度)", () => {
  it("measures the implementation phase in Beijing days: 91 of 214 days at the end of June", () => {
    const window = pickProgressWindow(phases, new Date("2022-07-01T00:00:00+08:00"));
    expect(window).toEqual({ name: "办理落实阶段", start: "2022-04-01", end: "2022-10-31" });
    expect(elapsedShare(window, new Date("2022-07-01T00:00:00+08:00"))).toBeCloseTo(91 / 214, 6);
    expect(elapsedShare(window, new Date("2022-03-15T00:00:00+08:00"))).toBe(0);
    expect(elapsedShare(window, new Date("2022-12-01T00:00:00+08:00"))).toBe(1);
    // 2022-04-01 00:00 in Beijing is still March 31 in UTC: the window starts then, not 8 hours later.
    expect(elapsedShare(window, new Date("2022-03-31T16:00:00Z"))).toBe(0);
    expect(elapsedShare(window, new Date("2022-04-02T00:00:00+08:00"))).toBeCloseTo(1 / 214, 6);
  });

  it("falls back to the calendar year when the plan has no dated phase", () => {
    expect(pickProgressWindow([], new Date("2022-07-01T00:00:00+08:00"))).toEqual({
      name: "2022年度",
      start: "2022-01-01",
      end: "2022-12-31",
    });
  });

  it("measures a task with its own deadline up to that deadline (the earliest after the window starts)", () => {
    const at = new Date("2022-07-01T00:00:00+08:00");
    const w = pickProgressWindow(phases, at, undefined, [null, "2022-03-01", "2022-12-31", "2023-06-30"]);
    expect(w).toEqual({
      name: "任务时限（2022年4月1日至2022年12月31日）",
      start: "2022-04-01",
      end: "2022-12-31",
    });
    expect(elapsedShare(w, at)).toBeCloseTo(91 / 275, 6);
    // A deadline equal to the phase end, or none after the start, changes nothing.
    expect(pickProgressWindow(phases, at, undefined, ["2022-10-31"]).name).toBe("办理落实阶段");
    expect(pickProgressWindow(phases, at, undefined, ["2022-03-01"]).name).toBe("办理落实阶段");
    expect(pickProgressWindow([], at, undefined, ["2022-06-30"])).toMatchObject({
      start: "2022-01-01",
      end: "2022-06-30",
    });
  });

  it("reads the plan's tolerance from its settings", () => {
    expect(progressTolerance({ progressTolerance: 10 })).toBe(10);
    expect(progressTolerance({ progressTolerance: "10" })).toBeUndefined();
    expect(progressTolerance({})).toBeUndefined();
    expect(progressTolerance(null)).toBeUndefined();
  });

  it("flags 滞后 only when the reached share lags time by more than the tolerance", () => {
    const at = (value: number, tolerance?: number) =>
      timeProgress({ target: 40000, comparator: "=", value, elapsed: 0.425 }, tolerance ? { tolerance } : {});
    expect(at(14000)).toMatchObject({ state: "behind", flagged: true, reachedPct: 35, gapPts: -7.5 });
    expect(at(15200)).toMatchObject({ state: "on_track", flagged: false, reachedPct: 38 });
    expect(at(14000, 10)).toMatchObject({ state: "on_track", flagged: false });
    expect(at(40000)).toMatchObject({ state: "met", flagged: false });
    expect(at(45000).state).toBe("met");
  });

  it("treats a ≈ target as reached within its band and a level below it against time", () => {
    const share = (value: number, elapsed = 0.425) =>
      timeProgress({ target: 9, comparator: "~", value, elapsed });
    expect(share(8.6).state).toBe("met");
    expect(share(9.8).state).toBe("met");
    expect(share(8.2).state).toBe("on_track");
    expect(share(2).state).toBe("behind");
    expect(share(8.2, 1).state).toBe("behind");
  });

  it("treats a ≤ target as a ceiling: over pace when used ahead of time, exceeded past it", () => {
    const ceiling = (value: number, elapsed = 0.425) =>
      timeProgress({ target: 100, comparator: "<=", value, elapsed });
    expect(ceiling(40)).toMatchObject({ state: "on_track", flagged: false });
    expect(ceiling(60)).toMatchObject({ state: "over_pace", flagged: true, gapPts: 17.5 });
    expect(ceiling(120)).toMatchObject({ state: "exceeded", flagged: true });
    expect(ceiling(95, 1)).toMatchObject({ state: "met", flagged: false });
  });

  it("says 暂无数据 without a value and survives a zero target", () => {
    expect(timeProgress({ target: 20, comparator: ">=", value: null, elapsed: 0.5 })).toMatchObject({
      state: "no_data",
      flagged: false,
      reachedPct: null,
    });
    expect(timeProgress({ target: 0, comparator: "<=", value: 0, elapsed: 0.5 }).state).toBe("on_track");
    expect(timeProgress({ target: 0, comparator: "<=", value: 1, elapsed: 0.5 }).state).toBe("exceeded");
  });
});

describe("indicator aggregation", () => {
  const t = (iso: string) => new Date(iso);
  it("uses the lead unit's figure when it reported one, else adds up the units", () => {
    const values = [
      { value: 150, isLead: true, submittedAt: t("2022-06-24") },
      { value: 80, isLead: false, submittedAt: t("2022-06-25") },
    ];
    expect(aggregateIndicator(values, ">=")).toBe(150);
    expect(
      aggregateIndicator(
        values.map((v) => ({ ...v, isLead: false })),
        ">=",
      ),
    ).toBe(230);
    expect(aggregateIndicator([], ">=")).toBeNull();
  });

  it("takes the latest figure for a ≈ level (a share of GDP is not additive)", () => {
    const values = [
      { value: 8.2, isLead: false, submittedAt: t("2022-06-24") },
      { value: 8.4, isLead: false, submittedAt: t("2022-06-26") },
    ];
    expect(aggregateIndicator(values, "~")).toBe(8.4);
  });
});

describe("isDecrease", () => {
  it("detects a cumulative value that went down, and nothing else", () => {
    expect(isDecrease(12000, 11000)).toBe(true);
    expect(isDecrease(12000, 12000)).toBe(false);
    expect(isDecrease(12000, 13000)).toBe(false);
    expect(isDecrease(undefined, 5)).toBe(false);
    expect(isDecrease(5, null)).toBe(false);
    expect(isDecrease(Number.NaN, 1)).toBe(false);
    expect(isDecrease(0.3, 0.1 + 0.2)).toBe(false);
  });
});

describe("formatting", () => {
  it("writes amounts and targets the way the plan does", () => {
    expect(formatAmount(40000)).toBe("4万");
    expect(formatAmount(14000)).toBe("1.4万");
    expect(formatAmount(12345)).toBe("12345");
    expect(formatAmount(8.25)).toBe("8.25");
    expect(formatTarget(9, "~", "%")).toBe("9%左右");
    expect(formatTarget(20, ">=", "个")).toBe("20个以上");
    expect(formatTarget(40000, "=", "个")).toBe("4万个");
    expect(formatTarget(100, "<=", "万吨")).toBe("100万吨以内");
  });
});
