import { describe, expect, it } from "vitest";
import { createCalendar } from "../../../src/domain/calendar";
import { formatLocal, localTime, zonedInstant } from "../../../src/domain/time";
import { chineseCalendarData } from "../../../src/schedule/calendar-data";
import { jittered } from "../../../src/schedule/domain/jitter";

const data = chineseCalendarData();

describe("working-day calendar (chinese-days + overrides)", () => {
  const cal = createCalendar(data);

  it("knows 2022's holidays and 调休 working weekends", () => {
    expect(cal.isWorkday("2022-10-03")).toBe(false); // 国庆节, a Monday
    expect(cal.isWorkday("2022-06-03")).toBe(false); // 端午节, a Friday
    expect(cal.isWorkday("2022-10-08")).toBe(true); // 调休 Saturday
    expect(cal.isWorkday("2022-10-09")).toBe(true); // 调休 Sunday
    expect(cal.isWorkday("2022-04-24")).toBe(true); // 调休 Sunday before 劳动节
    expect(cal.isWorkday("2022-10-15")).toBe(false); // an ordinary Saturday
    expect(cal.isWorkday("2022-10-10")).toBe(true); // an ordinary Monday
    expect(cal.uncoveredYears.size).toBe(0);
  });

  it("moves a due date on a day off to the previous working day", () => {
    expect(cal.onOrBefore("2022-06-25")).toBe("2022-06-24"); // Saturday → Friday
    expect(cal.onOrBefore("2022-09-25")).toBe("2022-09-23"); // Sunday → Friday
    expect(cal.onOrBefore("2022-10-05")).toBe("2022-09-30"); // National Day → the last day before it
    expect(cal.onOrBefore("2022-10-08")).toBe("2022-10-08"); // 调休 Saturday is a working day
  });

  it("counts working days across holidays and 调休", () => {
    expect(cal.shiftWorkdays("2022-09-30", 1)).toBe("2022-10-08");
    expect(cal.shiftWorkdays("2022-09-30", 3)).toBe("2022-10-10");
    expect(cal.shiftWorkdays("2022-03-31", 2)).toBe("2022-04-02"); // 清明 调休 Saturday
    expect(cal.shiftWorkdays("2022-03-31", 3)).toBe("2022-04-06");
    expect(cal.shiftWorkdays("2022-04-25", -1)).toBe("2022-04-24");
    expect(cal.shiftWorkdays("2022-06-24", 0)).toBe("2022-06-24");
  });

  it("applies the office's overrides on top", () => {
    const withOverrides = createCalendar(
      data,
      new Map([
        ["2022-06-24", false],
        ["2022-06-25", true],
      ]),
    );
    expect(withOverrides.isWorkday("2022-06-24")).toBe(false);
    expect(withOverrides.isWorkday("2022-06-25")).toBe(true);
    expect(withOverrides.onOrBefore("2022-06-26")).toBe("2022-06-25");
  });

  it("falls back to Monday–Friday beyond the package's data and says which years", () => {
    const later = createCalendar(data);
    const year = data.lastYear + 3;
    // Find a weekday and a Saturday in that year.
    const jan = (d: number) => `${year}-01-${String(d).padStart(2, "0")}`;
    const days = Array.from({ length: 7 }, (_, i) => jan(i + 10));
    const results = days.map((d) => [new Date(`${d}T00:00:00Z`).getUTCDay(), later.isWorkday(d)] as const);
    for (const [wd, work] of results) expect(work).toBe(wd !== 0 && wd !== 6);
    expect([...later.uncoveredYears]).toEqual([year]);
    expect(data.firstYear).toBeLessThanOrEqual(2022);
  });
});

describe("local time", () => {
  it("converts between a local day and time and the instant", () => {
    const t = zonedInstant("2022-06-24", "18:00", "Asia/Shanghai");
    expect(t.toISOString()).toBe("2022-06-24T10:00:00.000Z");
    expect(localTime(new Date("2022-06-23T16:30:00Z"), "Asia/Shanghai")).toEqual({
      day: "2022-06-24",
      minutes: 30,
    });
  });

  it("shows a due date with weekday and time", () => {
    expect(formatLocal(zonedInstant("2022-06-24", "18:00", "Asia/Shanghai"), "Asia/Shanghai")).toBe(
      "6月24日（星期五）18:00",
    );
    expect(formatLocal(zonedInstant("2022-10-08", "09:05", "Asia/Shanghai"), "Asia/Shanghai")).toBe(
      "10月8日（星期六）09:05",
    );
  });
});

describe("jitter", () => {
  const base = zonedInstant("2022-06-21", "09:30", "Asia/Shanghai");
  const j = { minMinutes: 1, maxMinutes: 9 };

  it("is the same for the same key and spreads different keys over 1–9 minutes", () => {
    const a = jittered(base, "nudge:1:2:remind", j, "Asia/Shanghai");
    expect(jittered(base, "nudge:1:2:remind", j, "Asia/Shanghai").getTime()).toBe(a.getTime());
    const offsets = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const t = jittered(base, `nudge:1:${i}:remind`, j, "Asia/Shanghai").getTime() - base.getTime();
      expect(t).toBeGreaterThanOrEqual(60_000);
      expect(t).toBeLessThan(10 * 60_000);
      offsets.add(Math.floor(t / 60_000));
    }
    expect(offsets.size).toBe(9);
  });

  it("never lands on minute :00", () => {
    const nearHour = zonedInstant("2022-06-21", "09:55", "Asia/Shanghai");
    for (let i = 0; i < 500; i++) {
      const t = jittered(nearHour, `k${i}`, j, "Asia/Shanghai");
      expect(localTime(t, "Asia/Shanghai").minutes % 60).not.toBe(0);
    }
  });
});
