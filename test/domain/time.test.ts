import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDue, localTime, zonedInstant } from "../../src/domain/time";

/** Intl's own answer for Asia/Shanghai, which the module's fixed UTC+8 must equal. */
function intlLocal(ms: number): { day: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: "Asia/Shanghai",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

describe("local time in China", () => {
  it("reads every instant since 1992 as Intl does, without asking Intl", () => {
    const from = Date.UTC(1992, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (ms) => {
        expect(localTime(new Date(ms), "Asia/Shanghai")).toEqual(intlLocal(ms));
      }),
      { numRuns: 500 },
    );
  });

  it("still follows the 1986–1991 daylight saving through Intl", () => {
    const summer = Date.UTC(1990, 6, 1, 4, 0); // 1990-07-01 13:00 local with DST, not 12:00
    expect(localTime(new Date(summer), "Asia/Shanghai")).toEqual(intlLocal(summer));
  });

  it("turns a local day and time into the instant a person there means", () => {
    expect(zonedInstant("2022-06-30", "18:00", "Asia/Shanghai").toISOString()).toBe(
      "2022-06-30T10:00:00.000Z",
    );
    expect(formatDue(new Date("2022-06-30T10:00:00Z"), "Asia/Shanghai")).toContain("2022年6月30日");
  });
});
