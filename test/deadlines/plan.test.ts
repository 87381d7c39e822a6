import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type DeadlineReminder,
  type DeadlineTask,
  deadlineReminders,
  type LatestReport,
} from "../../src/deadlines/plan";
import { occurrences, readDeadlines } from "../../src/deadlines/read";
import { addDays, createCalendar } from "../../src/domain/calendar";
import { chineseCalendarData } from "../../src/schedule/calendar-data";

const calendar = createCalendar(chineseCalendarData());
const span = { start: "2022-03-31", end: "2022-11-30" };
const task = (id: number, text: string, date: string | null, unitIds: number[]): DeadlineTask => ({
  id,
  code: `四.${id}`,
  text: `任务${id}`,
  deadlines: readDeadlines([{ text, date }]),
  unitIds,
});
const DATED = task(1, "2022年9月底前", "2022-09-30", [10, 11]);
const QUARTER = task(2, "每季度末", null, [12]);
const ONGOING = task(3, "长期坚持", null, [13]);
const TASKS = [DATED, QUARTER, ONGOING];

const on = (today: string, reports: LatestReport[] = []) =>
  deadlineReminders({ tasks: TASKS, reports, today, calendar, span }).map(
    (r) => `${r.task.code}:${r.unitId}:${r.occurrence}:${r.kind}`,
  );

/** Every day from `from` to `to`, inclusive. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

describe("task-deadline reminders on a day", () => {
  it("reminds five working days ahead, on the day and once the day after, each unit that has not reported", () => {
    // 30 September 2022 is a Friday; 1–7 October are the National Day holiday, 8 October a worked Saturday.
    expect(on("2022-09-22")).toEqual([]);
    expect(on("2022-09-23")).toEqual([
      "四.1:10:2022-09-30:ahead",
      "四.1:11:2022-09-30:ahead",
      "四.2:12:2022-09-30:ahead",
    ]);
    expect(on("2022-09-30")).toEqual([
      "四.1:10:2022-09-30:due",
      "四.1:11:2022-09-30:due",
      "四.2:12:2022-09-30:due",
    ]);
    expect(on("2022-10-03")).toEqual([]);
    expect(on("2022-10-08")).toEqual([
      "四.1:10:2022-09-30:missed",
      "四.1:11:2022-09-30:missed",
      "四.2:12:2022-09-30:missed",
    ]);
    expect(on("2022-10-09")).toEqual([]);
  });

  it("a recurring deadline never chases a unit that reported after the previous occurrence, or said 已完成", () => {
    const reports: LatestReport[] = [
      { taskId: 2, unitId: 12, day: "2022-06-30", complete: false }, // the June occurrence's day: not since it
    ];
    expect(on("2022-09-23", reports)).toContain("四.2:12:2022-09-30:ahead");
    const since = [{ taskId: 2, unitId: 12, day: "2022-07-01", complete: false }];
    expect(on("2022-09-23", since)).not.toContain("四.2:12:2022-09-30:ahead");
    expect(on("2022-06-23", [{ taskId: 2, unitId: 12, day: "2022-04-20", complete: false }])).toEqual([]);
    expect(on("2022-10-08", [{ taskId: 2, unitId: 12, day: "2022-05-01", complete: true }])).toEqual([
      "四.1:10:2022-09-30:missed",
      "四.1:11:2022-09-30:missed",
    ]);
  });

  it("a one-off date chases every unit whose latest report is not 已完成, whether or not it reported", () => {
    const reports: LatestReport[] = [
      { taskId: 1, unitId: 10, day: "2022-09-26", complete: false }, // reported days before: not finished
      { taskId: 1, unitId: 11, day: "2022-05-01", complete: true }, // finished in May
    ];
    expect(on("2022-09-30", reports)).toEqual(["四.1:10:2022-09-30:due", "四.2:12:2022-09-30:due"]);
    const missed = deadlineReminders({ tasks: TASKS, reports, today: "2022-10-08", calendar, span });
    expect(missed.map((r) => [r.task.code, r.unitId, r.awaits, r.reported])).toEqual([
      ["四.1", 10, "completion", true],
      ["四.2", 12, "report", false],
    ]);
    // A day both a dated and a recurring deadline fall on asks for the task finished.
    const both = task(4, "每季度末", null, [14]);
    const mixed = {
      ...both,
      deadlines: [...both.deadlines, ...readDeadlines([{ text: "2022年9月底前", date: "2022-09-30" }])],
    };
    const recent = [{ taskId: 4, unitId: 14, day: "2022-09-01", complete: false }];
    expect(
      deadlineReminders({ tasks: [mixed], reports: recent, today: "2022-09-30", calendar, span }).map(
        (r) => `${r.occurrence}:${r.awaits}`,
      ),
    ).toEqual(["2022-09-30:completion"]);
  });

  it("a quarterly deadline falls on each quarter's end inside the plan; a day off moves it earlier", () => {
    // 30 June 2022 is a Thursday (ahead on the 23rd); the plan ends on 30 November, so no 31 December.
    expect(on("2022-06-23")).toEqual(["四.2:12:2022-06-30:ahead"]);
    expect(on("2022-07-01")).toEqual(["四.2:12:2022-06-30:missed"]);
    expect(on("2022-12-30")).toEqual([]);
  });

  const report = fc.record({
    taskId: fc.constantFrom(1, 2, 3),
    unitId: fc.constantFrom(10, 11, 12, 13),
    day: fc.integer({ min: 0, max: 270 }).map((n) => addDays("2022-03-01", n)),
    complete: fc.boolean(),
  });
  const latestOnly = (rs: LatestReport[]) => [
    ...new Map(rs.map((r) => [`${r.taskId}:${r.unitId}`, r])).values(),
  ];

  /** Every reminder of the plan's year, day by day. */
  const year = (reports: LatestReport[]) =>
    days("2022-01-01", "2022-12-31").flatMap((today) =>
      deadlineReminders({ tasks: TASKS, reports, today, calendar, span }).map((r) => ({ today, r })),
    );

  it("property: a recurring deadline never goes to a unit that reported after the previous occurrence", () => {
    fc.assert(
      fc.property(fc.array(report, { maxLength: 8 }).map(latestOnly), (reports) => {
        for (const { r } of year(reports)) {
          if (r.awaits !== "report") continue;
          const all = [...new Set(r.task.deadlines.flatMap((d) => occurrences(d, span)))].sort();
          const previous = all[all.indexOf(r.occurrence) - 1];
          const rep = reports.find((x) => x.taskId === r.task.id && x.unitId === r.unitId);
          if (!rep) continue;
          expect(rep.complete).toBe(false);
          expect(previous).toBeDefined();
          expect(rep.day <= (previous ?? "")).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("property: on each reminder day of a one-off date, exactly the units whose latest report is not 已完成", () => {
    fc.assert(
      fc.property(fc.array(report, { maxLength: 8 }).map(latestOnly), (reports) => {
        const seen = year(reports).filter(({ r }) => r.task.id === DATED.id);
        const latest = (unitId: number) => reports.find((x) => x.taskId === DATED.id && x.unitId === unitId);
        const unfinished = DATED.unitIds.filter((u) => !latest(u)?.complete);
        // Ahead (09-23), on the day (09-30) and after it (10-08), whatever day the unit last reported.
        for (const today of ["2022-09-23", "2022-09-30", "2022-10-08"]) {
          const on = seen.filter((s) => s.today === today).map(({ r }) => r);
          expect(on.map((r) => r.unitId)).toEqual(unfinished);
          for (const r of on) {
            expect(r.awaits).toBe("completion");
            expect(r.reported).toBe(latest(r.unitId) !== undefined);
          }
        }
        expect(seen).toHaveLength(unfinished.length * 3);
      }),
      { numRuns: 30 },
    );
  });

  it("property: over a whole plan each reminder key comes once, and ongoing work is never reminded", () => {
    fc.assert(
      fc.property(fc.array(report, { maxLength: 6 }).map(latestOnly), (reports) => {
        const seen: DeadlineReminder[] = year(reports).map(({ r }) => r);
        const keys = seen.map((r) => r.key);
        expect(new Set(keys).size).toBe(keys.length);
        expect(seen.filter((r) => r.task.id === ONGOING.id)).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});
