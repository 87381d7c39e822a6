import { describe, expect, it } from "vitest";
import { formatDue } from "../../../src/domain/collect/dates";
import {
  checkRoundTimes,
  defaultRoundTimes,
  parsePeriod,
  parseRoundKind,
  roundTitle,
} from "../../../src/domain/collect/rounds";

const TZ = "Asia/Shanghai";
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

  it("titles rounds in Chinese", () => {
    expect(roundTitle("monthly", "2022-06")).toBe("2022年6月 月调度");
    expect(roundTitle("half_year", "2022-H1")).toBe("2022年上半年 半年小结");
    expect(roundTitle("annual", "2022")).toBe("2022年 全年总结");
  });

  it("monthly rounds are due on the 25th at 18:00, moved back to Friday on a weekend", () => {
    const june = defaultRoundTimes("monthly", "2022-06", now, TZ);
    expect(formatDue(june.dueAt, TZ)).toBe("2022年6月24日(周五) 18:00"); // the 25th is a Saturday
    expect(june.opensAt).toEqual(now);
    expect(formatDue(june.closesAt, TZ)).toBe("2022年6月29日(周三) 23:59");
    const july = defaultRoundTimes("monthly", "2022-07", now, TZ);
    expect(formatDue(july.dueAt, TZ)).toBe("2022年7月25日(周一) 18:00");
  });

  it("summary rounds follow the plan's milestone of their kind, else the period's end", () => {
    const ms = [{ due: "2022-06-30", collectionKind: "half_year" }];
    expect(formatDue(defaultRoundTimes("half_year", "2022-H1", now, TZ, ms).dueAt, TZ)).toBe(
      "2022年6月30日(周四) 18:00",
    );
    expect(formatDue(defaultRoundTimes("half_year", "2022-H2", now, TZ, ms).dueAt, TZ)).toBe(
      "2022年12月30日(周五) 18:00",
    );
    expect(formatDue(defaultRoundTimes("annual", "2022", now, TZ).dueAt, TZ)).toBe(
      "2022年11月30日(周三) 18:00",
    );
    expect(formatDue(defaultRoundTimes("filing", "2022", now, TZ).dueAt, TZ)).toBe(
      "2022年7月4日(周一) 18:00",
    );
  });

  it("given times win, and out-of-order times are refused", () => {
    const due = new Date("2022-06-28T10:00:00Z");
    const t = defaultRoundTimes("monthly", "2022-06", now, TZ, [], { dueAt: due });
    expect(t.dueAt).toEqual(due);
    expect(formatDue(t.closesAt, TZ)).toBe("2022年7月3日(周日) 23:59");
    expect(checkRoundTimes(t)).toBeUndefined();
    const late = defaultRoundTimes("monthly", "2022-05", now, TZ);
    expect(checkRoundTimes(late)).toBe("截止时间早于开启时间");
  });
});
