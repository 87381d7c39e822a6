import { describe, expect, it } from "vitest";
import {
  bulletinPeriod,
  defaultBulletinPeriod,
  parseBulletinKind,
  parseBulletinPeriod,
  periodFromKey,
} from "../../src/domain/period";
import { planShortName, planWorkName } from "../../src/domain/plan-names";
import { currentRound, matchRound, parseRoundRef, roundInPeriod } from "../../src/domain/rounds";
import { formatCnDate, formatIsoMinute, formatShortTime } from "../../src/domain/time";

const at = (iso: string) => new Date(iso);

describe("bulletin periods", () => {
  it("names periods the way a notice does", () => {
    expect(bulletinPeriod("quarter", 2022, 2)).toMatchObject({
      period: "2022-Q2",
      label: "2022年第二季度",
      months: [4, 5, 6],
      start: "2022-04-01",
      end: "2022-06-30",
    });
    expect(bulletinPeriod("month", 2022, 2).end).toBe("2022-02-28");
    expect(bulletinPeriod("half", 2022, 1).label).toBe("2022年上半年");
    expect(bulletinPeriod("year", 2022, 1).label).toBe("2022年度");
  });

  it("reads what the office types", () => {
    const now = at("2022-07-05T10:00:00+08:00");
    expect(parseBulletinKind("季度")).toBe("quarter");
    expect(parseBulletinKind("QUARTER")).toBe("quarter");
    expect(parseBulletinKind("weekly")).toBeUndefined();
    expect(parseBulletinPeriod("quarter", "2022-Q2", now)?.period).toBe("2022-Q2");
    expect(parseBulletinPeriod("quarter", "第二季度", now)?.period).toBe("2022-Q2");
    expect(parseBulletinPeriod("quarter", "q3", now)?.period).toBe("2022-Q3");
    expect(parseBulletinPeriod("quarter", "Q5", now)).toBeUndefined();
    expect(parseBulletinPeriod("month", "6月", now)?.period).toBe("2022-06");
    expect(parseBulletinPeriod("month", "2021年12月", now)?.period).toBe("2021-12");
    expect(parseBulletinPeriod("month", "13", now)).toBeUndefined();
    expect(parseBulletinPeriod("half", "上半年", now)?.period).toBe("2022-H1");
    expect(parseBulletinPeriod("year", "2022", now)?.period).toBe("2022");
    expect(periodFromKey("quarter", "2022-Q2")?.label).toBe("2022年第二季度");
    expect(periodFromKey("quarter", "2022-06")).toBeUndefined();
  });

  it("defaults to the period just ended, or the current one in its last week", () => {
    expect(defaultBulletinPeriod("quarter", at("2022-07-05T10:00:00+08:00")).period).toBe("2022-Q2");
    expect(defaultBulletinPeriod("quarter", at("2022-06-28T10:00:00+08:00")).period).toBe("2022-Q2");
    expect(defaultBulletinPeriod("quarter", at("2022-05-10T10:00:00+08:00")).period).toBe("2022-Q1");
    expect(defaultBulletinPeriod("month", at("2022-01-03T10:00:00+08:00")).period).toBe("2021-12");
    expect(defaultBulletinPeriod("year", at("2023-01-10T10:00:00+08:00")).period).toBe("2022");
  });

  it("places rounds in the month they report on", () => {
    const q2 = bulletinPeriod("quarter", 2022, 2);
    const due = at("2022-07-05T10:00:00+08:00");
    expect(roundInPeriod({ kind: "monthly", period: "2022-06", dueAt: due }, q2)).toBe(true);
    expect(roundInPeriod({ kind: "monthly", period: "2022-07", dueAt: due }, q2)).toBe(false);
    expect(roundInPeriod({ kind: "half_year", period: "2022-H1", dueAt: due }, q2)).toBe(true);
    expect(roundInPeriod({ kind: "annual", period: "2022", dueAt: due }, q2)).toBe(false);
    expect(roundInPeriod({ kind: "filing", period: "odd", dueAt: at("2022-05-31T10:00:00+08:00") }, q2)).toBe(
      true,
    );
  });
});

describe("rounds a user names", () => {
  const now = at("2022-06-26T10:00:00+08:00");
  const rounds = [
    {
      id: 1,
      kind: "filing" as const,
      period: "2022-03",
      state: "closed",
      opensAt: at("2022-03-20T00:00:00Z"),
    },
    {
      id: 2,
      kind: "monthly" as const,
      period: "2022-05",
      state: "closed",
      opensAt: at("2022-05-20T00:00:00Z"),
    },
    {
      id: 3,
      kind: "half_year" as const,
      period: "2022-H1",
      state: "open",
      opensAt: at("2022-06-15T00:00:00Z"),
    },
    {
      id: 4,
      kind: "monthly" as const,
      period: "2022-06",
      state: "open",
      opensAt: at("2022-06-20T00:00:00Z"),
    },
    {
      id: 5,
      kind: "monthly" as const,
      period: "2022-07",
      state: "scheduled",
      opensAt: at("2022-07-20T00:00:00Z"),
    },
  ];
  it("parses periods and ids", () => {
    expect(parseRoundRef("#12", now)).toEqual({ id: 12 });
    expect(parseRoundRef("2022-06", now)).toEqual({ period: "2022-06" });
    expect(parseRoundRef("5月", now)).toEqual({ period: "2022-05" });
    expect(parseRoundRef("2022年5月", now)).toEqual({ period: "2022-05" });
    expect(parseRoundRef("上半年", now)).toEqual({ period: "2022-H1", kind: "half_year" });
    expect(parseRoundRef("2022", now)).toEqual({ period: "2022", kind: "annual" });
    expect(parseRoundRef("备案", now)).toEqual({ period: "", kind: "filing" });
    expect(parseRoundRef("市经信局", now)).toBeUndefined();
  });

  it("matches them, and picks the round opened last as the current one", () => {
    expect(matchRound(rounds, { period: "2022-05" })?.id).toBe(2);
    expect(matchRound(rounds, { period: "", kind: "filing" })?.id).toBe(1);
    expect(matchRound(rounds, { id: 3 })?.id).toBe(3);
    expect(matchRound(rounds, { period: "2021-01" })).toBeUndefined();
    expect(currentRound(rounds, now)?.id).toBe(4);
    expect(currentRound(rounds.slice(0, 2), now)?.id).toBe(2);
    expect(currentRound(rounds.slice(4), now)).toBeUndefined();
  });
});

describe("plan names", () => {
  it("derives the bulletin subject and the short name from the plan title", () => {
    expect(planWorkName("市十五届人大一次会议1号议案办理工作方案")).toBe(
      "市十五届人大一次会议1号议案办理工作",
    );
    expect(planShortName("市十五届人大一次会议1号议案办理工作方案")).toBe("1号议案");
    expect(planWorkName("数字经济发展三年行动实施方案")).toBe("数字经济发展三年行动工作");
    expect(planShortName("测试工作方案")).toBe("测试");
  });
});

describe("local time formatting", () => {
  it("formats instants in Beijing time, around midnight too", () => {
    expect(formatIsoMinute(at("2022-06-30T16:05:00Z"))).toBe("2022-07-01 00:05");
    expect(formatShortTime(at("2022-06-25T10:00:00Z"))).toBe("6月25日 18:00");
    expect(formatCnDate(at("2022-12-31T15:59:00Z"))).toBe("2022年12月31日");
    expect(formatCnDate(at("2022-12-31T16:00:00Z"))).toBe("2023年1月1日");
    expect(formatIsoMinute(at("2022-06-30T16:05:00Z"), "UTC")).toBe("2022-06-30 16:05");
  });
});
