import { describe, expect, it } from "vitest";
import { progressWindow, timeProgress } from "../../src/domain/time-progress";

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const window = { start: day("2022-04-01"), end: day("2022-11-01") }; // 214 days

describe("时序进度", () => {
  it("flags a task whose share of the target trails the share of time elapsed", () => {
    const at = day("2022-07-01"); // 91/214 = 42.5%
    const behind = timeProgress({ target: 40000, comparator: ">=", value: 10000, window, at });
    expect(behind?.behind).toBe(true);
    expect(behind?.reached).toBe(0.25);
    expect(behind?.elapsed).toBeCloseTo(0.425, 3);
    expect(timeProgress({ target: 40000, comparator: ">=", value: 16000, window, at })?.behind).toBe(false); // 40%: within 5 points
    expect(timeProgress({ target: 40000, comparator: "~", value: 20000, window, at })?.behind).toBe(false);
  });

  it("never flags a reached target, a cap, a zero target or an empty window", () => {
    const at = day("2022-10-31");
    expect(timeProgress({ target: 10, comparator: ">=", value: 12, window, at })?.behind).toBe(false);
    expect(timeProgress({ target: 10, comparator: "<=", value: 0, window, at })).toBeUndefined();
    expect(timeProgress({ target: 0, comparator: ">=", value: 0, window, at })).toBeUndefined();
    expect(
      timeProgress({ target: 10, comparator: ">=", value: 0, window: { start: at, end: at }, at }),
    ).toBeUndefined();
  });

  it("the window runs from the first phase start to the task's deadline, else the last phase end", () => {
    const phases = [
      { start: null, end: "2022-03-31" },
      { start: "2022-04-01", end: "2022-10-31" },
      { start: "2022-11-01", end: "2022-11-30" },
    ];
    const w = progressWindow({ phases, deadlines: [], planDate: "2022-03-31" }, day, day);
    expect(w).toEqual({ start: day("2022-04-01"), end: day("2022-11-30") });
    const d = progressWindow({ phases, deadlines: [null, "2022-10-31"], planDate: null }, day, day);
    expect(d?.end).toEqual(day("2022-10-31"));
    expect(progressWindow({ phases: [], deadlines: [], planDate: "2022-03-31" }, day, day)).toEqual({
      start: day("2022-03-31"),
      end: day("2022-12-31"),
    });
  });
});
