import { chineseCalendarData } from "../../../src/schedule/calendar-data";
import type { RoundRow, ScheduleAction, ScheduleSnapshot } from "../../../src/schedule/domain/types";

/** Shared by the planner's tests: one plan with an open June round and a few people. */
export const TZ = "Asia/Shanghai";
export const cal = chineseCalendarData();
export const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`);

/** A plan with one open June round: units 1 and 2 have liaisons, unit 3 has none; unit 1 leads task 10. */
export function snapshot(
  over: Partial<ScheduleSnapshot> = {},
  round: Partial<RoundRow> = {},
): ScheduleSnapshot {
  const june: RoundRow = {
    id: 7,
    planId: "p",
    kind: "monthly",
    period: "2022-06",
    title: "2022年6月 月调度",
    state: "open",
    opensAt: at("2022-06-17", "09:35"),
    dueAt: at("2022-06-24", "18:00"),
    closesAt: at("2022-07-01", "18:00"),
    openedAt: at("2022-06-17", "09:35"),
    ...round,
  };
  const task11 = { taskId: 10, taskCode: "一.1", taskText: "建成机架" };
  const task12 = { taskId: 11, taskCode: "一.2", taskText: "实施技改项目" };
  return {
    plans: [
      {
        id: "p",
        timezone: TZ,
        // Monthly rounds pinned to June so the plan computes exactly the round above.
        settings: {
          schedule: { monthly: { from: "2022-06", to: "2022-06" }, bulletins: { quarter: false } },
        },
        rhythm: [],
        phases: [],
      },
    ],
    rounds: [june],
    // Unit 1 misses 一.2; unit 2 misses 一.1 and 一.2; unit 3 (no liaison) misses 一.1.
    missingGroups: [
      { roundId: 7, unitId: 1, tasks: [task12], reopenedUntil: null },
      {
        roundId: 7,
        unitId: 2,
        tasks: [{ ...task11, taskText: "建成机架<at id=all></at>" }, task12],
        reopenedUntil: null,
      },
      { roundId: 7, unitId: 3, tasks: [task11], reopenedUntil: null },
    ],
    units: [
      { id: 1, planId: "p", name: "市经信局", retired: false },
      { id: 2, planId: "p", name: "市科技局", retired: false },
      { id: 3, planId: "p", name: "江汉区人民政府", retired: false },
    ],
    members: [
      { id: 1, planId: "p", openId: "ou_a", name: "甲", role: "liaison", unitId: 1 },
      { id: 2, planId: "p", openId: "ou_b", name: "乙", role: "liaison", unitId: 2 },
      { id: 3, planId: "p", openId: "ou_office", name: "办", role: "office", unitId: null },
    ],
    chats: [
      { chatId: "oc_office", planId: "p", isOffice: true, liaisonsPresent: [] },
      { chatId: "oc_other", planId: "p", isOffice: false, liaisonsPresent: [] },
      { chatId: "oc_group", planId: "p", isOffice: false, liaisonsPresent: ["ou_a", "ou_b"] },
    ],
    leads: [{ taskId: 10, unitId: 1 }],
    calendarOverrides: [],
    ledger: new Map(),
    ...over,
  };
}

export const of = <T extends ScheduleAction["type"]>(actions: ScheduleAction[], type: T) =>
  actions.filter((a): a is Extract<ScheduleAction, { type: T }> => a.type === type);
