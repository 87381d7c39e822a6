import { describe, expect, it } from "vitest";
import {
  checkRoundTimes,
  parsePeriod,
  parseRoundKind,
  roundRhythm,
  roundTitle,
} from "../../../src/domain/rounds";

const today = "2022-06-20";
const now = new Date("2022-06-20T02:00:00Z");

describe("rounds", () => {
  it("reads kinds in English and Chinese", () => {
    expect(parseRoundKind("monthly")).toBe("monthly");
    expect(parseRoundKind("月调度")).toBe("monthly");
    expect(parseRoundKind("备案")).toBe("filing");
    expect(parseRoundKind("half")).toBe("half_year");
    expect(parseRoundKind("全年总结")).toBe("annual");
    expect(parseRoundKind("weekly")).toBeUndefined();
  });

  it("reads periods as people write them", () => {
    expect(parsePeriod("monthly", "2022-06", today)).toBe("2022-06");
    expect(parsePeriod("monthly", "2022-6", today)).toBe("2022-06");
    expect(parsePeriod("monthly", "2022年6月", today)).toBe("2022-06");
    expect(parsePeriod("monthly", "２０２２／０６", today)).toBe("2022-06");
    expect(parsePeriod("monthly", "7月", today)).toBe("2022-07");
    expect(parsePeriod("monthly", undefined, today)).toBe("2022-06");
    expect(parsePeriod("monthly", "2022-13", today)).toBeUndefined();
    expect(parsePeriod("half_year", "2022上半年", today)).toBe("2022-H1");
    expect(parsePeriod("half_year", "2022-H2", today)).toBe("2022-H2");
    expect(parsePeriod("half_year", "", "2022-09-01")).toBe("2022-H2");
    expect(parsePeriod("annual", "2022年", today)).toBe("2022");
    expect(parsePeriod("filing", "abc", today)).toBeUndefined();
  });

  it("reads a filing round by its year or by the month it is due", () => {
    expect(parsePeriod("filing", "2022", today)).toBe("2022");
    expect(parsePeriod("filing", "2022-03", today)).toBe("2022-03");
    expect(parsePeriod("filing", "2022年3月", today)).toBe("2022-03");
    expect(parsePeriod("filing", "2022-13", today)).toBeUndefined();
  });

  it("titles rounds in Chinese", () => {
    expect(roundTitle("monthly", "2022-06")).toBe("2022年6月 月调度");
    expect(roundTitle("half_year", "2022-H1")).toBe("2022年上半年 半年小结");
    expect(roundTitle("annual", "2022")).toBe("2022年 全年总结");
    expect(roundTitle("filing", "2022")).toBe("2022年 工作方案备案");
  });

  it("reads a round's rhythm from its title: only a quarterly plan's collection rounds are 季度调度", () => {
    const quarterly = roundTitle("monthly", "2022-06", "quarter");
    expect(quarterly).toBe("2022年第二季度 季度调度");
    expect(roundRhythm({ kind: "monthly", title: quarterly })).toBe("quarter");
    expect(roundRhythm({ kind: "monthly", title: roundTitle("monthly", "2022-06") })).toBe("month");
    expect(roundRhythm({ kind: "half_year", title: roundTitle("half_year", "2022-H1") })).toBe("month");
  });

  it("refuses out-of-order times", () => {
    const at = (iso: string) => new Date(iso);
    const t = { opensAt: now, dueAt: at("2022-06-24T10:00:00Z"), closesAt: at("2022-07-01T10:00:00Z") };
    expect(checkRoundTimes(t)).toBeUndefined();
    expect(checkRoundTimes({ ...t, dueAt: at("2022-05-25T10:00:00Z") })).toBe("截止时间早于开启时间");
    expect(checkRoundTimes({ ...t, closesAt: at("2022-06-24T09:00:00Z") })).toBe("关闭时间早于截止时间");
  });
});
