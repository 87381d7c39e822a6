import { describe, expect, it } from "vitest";
import { bulletinPeriod } from "../../src/domain/period";
import { outsideSpanText, periodInSpan, planDefaultPeriod } from "../../src/domain/plan-span";

const span = { start: "2022-03-31", end: "2022-11-30" };
const at = (iso: string) => new Date(`${iso}T10:00:00+08:00`);

describe("periods inside the plan", () => {
  it("after the plan ended, a bare /bulletin drafts the period holding its last day, not today's", () => {
    expect(planDefaultPeriod("quarter", at("2026-12-06"), span).period).toBe("2022-Q4");
    expect(planDefaultPeriod("month", at("2026-12-06"), span).period).toBe("2022-11");
    expect(planDefaultPeriod("year", at("2026-12-06"), span).period).toBe("2022");
  });

  it("while the plan runs, year means the plan's year and a quarter the last one ended", () => {
    expect(planDefaultPeriod("year", at("2022-06-15"), span).period).toBe("2022");
    expect(planDefaultPeriod("quarter", at("2022-08-10"), span).period).toBe("2022-Q2");
    // Q1 holds only the plan's first day: still the plan's, and the last quarter ended.
    expect(planDefaultPeriod("quarter", at("2022-05-10"), span).period).toBe("2022-Q1");
  });

  it("never goes back before the plan began", () => {
    const late = { start: "2022-04-01", end: "2022-11-30" };
    expect(planDefaultPeriod("quarter", at("2022-05-10"), late).period).toBe("2022-Q2");
    expect(planDefaultPeriod("month", at("2022-01-10"), late).period).toBe("2022-04");
  });

  it("refuses a period outside the plan naming the plan's span", () => {
    const y2021 = bulletinPeriod("year", 2021, 1);
    expect(periodInSpan(y2021, span)).toBe(false);
    expect(periodInSpan(bulletinPeriod("quarter", 2022, 2), span)).toBe(true);
    expect(periodInSpan(bulletinPeriod("month", 2022, 12), span)).toBe(false);
    expect(outsideSpanText(y2021, span)).toContain("2022年3月31日至2022年11月30日");
  });
});
