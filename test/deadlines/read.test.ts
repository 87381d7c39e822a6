import { describe, expect, it } from "vitest";
import { nextDeadline, occurrences, readDeadlines } from "../../src/deadlines/read";
import { classifyDeadline, describeDeadline } from "../../src/plans/import/deadline-kind";

const span = { start: "2023-03-15", end: "2023-12-31" };

describe("a task's 完成时限, read from its words", () => {
  it("tells a date, a recurring day, ongoing work and words it cannot place apart", () => {
    expect(classifyDeadline("2023年6月底前", "2023-06-30")).toEqual({ kind: "dated" });
    expect(classifyDeadline("每季度末", null)).toEqual({ kind: "recurring", every: "quarter" });
    expect(classifyDeadline("每月5日前", null)).toEqual({ kind: "recurring", every: "month", day: 5 });
    expect(classifyDeadline("每半年", null)).toEqual({ kind: "recurring", every: "half" });
    expect(classifyDeadline("每年11月底前", null)).toEqual({ kind: "recurring", every: "year", month: 11 });
    expect(classifyDeadline("每季度首月十日前", null)).toEqual({
      kind: "recurring",
      every: "quarter",
      month: 1,
      day: 10,
    });
    // 年底前 names the plan's year when read alone; 每年年底前 is every year.
    expect(classifyDeadline("每年年底前", "2023-12-31")).toEqual({ kind: "recurring", every: "year" });
    for (const w of ["长期坚持", "持续推进", "常态化开展", "建立长效机制"])
      expect(classifyDeadline(w, null), w).toEqual({ kind: "ongoing" });
    expect(classifyDeadline("2023年6月底前完成，此后持续推进", "2023-06-30")).toEqual({ kind: "dated" });
    expect(classifyDeadline("适时", null)).toEqual({ kind: "unknown" });
    expect(describeDeadline("每季度末", "2023-03-31")).toEqual({
      text: "每季度末",
      date: null,
      kind: "recurring",
      every: "quarter",
    });
  });

  it("reads rows stored before deadlines had a kind, and drops what is not a deadline", () => {
    expect(
      readDeadlines([
        { text: "2022年9月底前", date: "2022-09-30" },
        { text: "每季度末", date: null },
        { text: "长期坚持", date: null },
        { text: "", date: null },
        "每月",
        { text: "每月", date: "not a date", kind: "bogus" },
      ]),
    ).toEqual([
      { text: "2022年9月底前", date: "2022-09-30", kind: "dated" },
      { text: "每季度末", date: null, kind: "recurring", every: "quarter" },
      { text: "长期坚持", date: null, kind: "ongoing" },
      { text: "每月", date: null, kind: "recurring", every: "month" },
    ]);
    expect(readDeadlines(null)).toEqual([]);
    expect(readDeadlines({ text: "每月" })).toEqual([]);
  });

  it("puts a recurring deadline on each of its days inside the plan's span, and nothing outside it", () => {
    const quarter = readDeadlines([{ text: "每季度末", date: null }])[0];
    if (!quarter) throw new Error("unread");
    expect(occurrences(quarter, span)).toEqual(["2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31"]);
    expect(occurrences(quarter, { start: "2022-04-01", end: "2022-11-30" })).toEqual([
      "2022-06-30",
      "2022-09-30",
    ]);
    expect(occurrences(quarter, null)).toEqual([]);
    const [month] = readDeadlines([{ text: "每月31日前", date: null }]);
    if (!month) throw new Error("unread");
    expect(occurrences(month, { start: "2024-01-01", end: "2024-04-30" })).toEqual([
      "2024-01-31",
      "2024-02-29",
      "2024-03-31",
      "2024-04-30",
    ]);
    const [first] = readDeadlines([{ text: "每季度首月10日前", date: null }]);
    if (!first) throw new Error("unread");
    expect(occurrences(first, span)).toEqual(["2023-04-10", "2023-07-10", "2023-10-10"]);
    const [year] = readDeadlines([{ text: "每年11月底前", date: null }]);
    if (!year) throw new Error("unread");
    expect(occurrences(year, { start: "2023-01-01", end: "2025-12-31" })).toEqual([
      "2023-11-30",
      "2024-11-30",
      "2025-11-30",
    ]);
    const [half] = readDeadlines([{ text: "每半年", date: null }]);
    if (!half) throw new Error("unread");
    expect(occurrences(half, span)).toEqual(["2023-06-30", "2023-12-31"]);
  });

  it("names the next deadline, or 长期 for ongoing work", () => {
    const ds = readDeadlines([
      { text: "每季度末", date: null },
      { text: "2023年5月10日前", date: "2023-05-10" },
    ]);
    expect(nextDeadline(ds, span, "2023-04-01")).toBe("2023-05-10");
    expect(nextDeadline(ds, span, "2023-05-11")).toBe("2023-06-30");
    expect(nextDeadline(ds, span, "2024-01-01")).toBeNull();
    expect(nextDeadline(readDeadlines([{ text: "长期坚持", date: null }]), span, "2023-04-01")).toBe(
      "ongoing",
    );
  });
});
