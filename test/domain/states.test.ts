import { describe, expect, it } from "vitest";
import {
  parseTaskCode,
  rankByOnTimeRate,
  requestState,
  taskCitation,
  taskHeadline,
  taskStatusOf,
} from "../../src/domain/states";

describe("request and task status", () => {
  const due = new Date("2022-06-25T10:00:00Z");
  it("tells 待报送, 逾期, 已报送 and 迟报 apart", () => {
    const before = new Date("2022-06-24T00:00:00Z");
    const after = new Date("2022-06-26T00:00:00Z");
    expect(requestState({ reported: false, firstLate: false, dueAt: due, now: before })).toBe("pending");
    expect(requestState({ reported: false, firstLate: false, dueAt: due, now: after })).toBe("overdue");
    expect(requestState({ reported: true, firstLate: false, dueAt: due, now: after })).toBe("reported");
    expect(requestState({ reported: true, firstLate: true, dueAt: due, now: after })).toBe("late");
  });

  it("aggregates a task across units: blocked and behind win, done needs every unit", () => {
    expect(taskStatusOf(["in_progress", "blocked", "behind"])).toBe("blocked");
    expect(taskStatusOf(["in_progress", "behind", null])).toBe("behind");
    expect(taskStatusOf(["done", "done"])).toBe("done");
    expect(taskStatusOf(["done", null])).toBe("in_progress");
    expect(taskStatusOf(["not_started", null])).toBe("not_started");
    expect(taskStatusOf([null, null])).toBe("unreported");
    expect(taskStatusOf([])).toBe("unreported");
  });
});

describe("on-time ranking", () => {
  it("ranks by rate with shared ranks for ties, then more requests, then plan order", () => {
    const ranked = rankByOnTimeRate([
      { unitId: 1, unitName: "甲", ordinal: 0, due: 4, onTime: 2 },
      { unitId: 2, unitName: "乙", ordinal: 1, due: 7, onTime: 7 },
      { unitId: 3, unitName: "丙", ordinal: 2, due: 10, onTime: 10 },
      { unitId: 4, unitName: "丁", ordinal: 3, due: 10, onTime: 8 },
      { unitId: 5, unitName: "戊", ordinal: 4, due: 0, onTime: 0 },
    ]);
    expect(ranked.map((r) => [r.unit.unitName, r.rank, r.ratePct])).toEqual([
      ["丙", 1, 100],
      ["乙", 1, 100],
      ["丁", 3, 80],
      ["甲", 4, 50],
      ["戊", 5, null],
    ]);
  });
});

describe("task references", () => {
  it("reads the ways people write a task number and cites it the document's way", () => {
    for (const s of ["二.3", "二3", "(二)3", "（二）3", "二、3", "二．3"])
      expect(parseTaskCode(s)).toBe("二.3");
    expect(parseTaskCode("市经信局")).toBeUndefined();
    expect(taskCitation("二.3")).toBe("（二）3");
    expect(
      taskHeadline("推进制造业数字化改造,积极实施工业企业智能化改造行动计划,推动中小企业数字化转型。"),
    ).toBe("推进制造业数字化改造");
    expect(taskHeadline("建成武汉智能网联汽车测试场。")).toBe("建成武汉智能网联汽车测试场");
  });
});
