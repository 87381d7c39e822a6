import { bulletinPeriod } from "../../../src/domain/period";
import type { ReportStatus } from "../../../src/domain/states";
import type {
  BulletinData,
  LatestReport,
  MissingUnit,
  RoundInfo,
  RoundOverview,
  TaskStatusView,
  UnitStatusView,
} from "../../../src/status/ports";

/** A worst case for card sizes: 50 units × 25 tasks, long names, long texts full of characters escaping expands. */
export const UNITS = 50;
export const TASKS = 25;
export const now = new Date("2022-06-26T10:00:00+08:00");
export const unitName = (i: number) =>
  `东湖新技术开发区管理委员会数字经济专班${String(i + 1).padStart(2, "0")}`;
export const code = (t: number) => `${["一", "二", "三", "四"][t % 4]}.${Math.floor(t / 4) + 1}`;
const noisy = (n: number) =>
  "进展<at id=all></at>[链接](http://x.y/z)**粗**_-.:(){}#|!".repeat(Math.ceil(n / 40)).slice(0, n);

export const round: RoundInfo = {
  id: 7,
  planId: "big",
  kind: "monthly",
  period: "2022-06",
  title: "2022年6月 月调度",
  opensAt: new Date("2022-06-20T09:00:00+08:00"),
  dueAt: new Date("2022-06-25T18:00:00+08:00"),
  closesAt: new Date("2022-06-30T18:00:00+08:00"),
  state: "open",
};

function report(i: number): LatestReport {
  const values: Record<string, number> = {};
  for (let k = 0; k < 5; k++) values[String(k + 1)] = 123456.78 + k;
  return {
    reportId: i,
    revision: 3,
    status: "behind",
    progress: noisy(500),
    problems: noisy(500),
    indicatorValues: values,
    late: false,
    submittedAt: new Date("2022-06-24T15:00:00+08:00"),
    submittedBy: "ou_x",
    submitterName: "欧阳某某某",
    evidenceLinks: [`https://example.gov.cn/${"a".repeat(400)}`],
    evidenceFiles: Array.from({ length: 20 }, (_, k) => ({
      messageId: `om_${i}_${k}`,
      fileKey: `file_v3_${"k".repeat(60)}`,
      type: "file" as const,
      name: `${noisy(100)}.pdf`,
    })),
  };
}

export function bigOverview(): RoundOverview {
  const units = Array.from({ length: UNITS }, (_, i) => ({
    unitId: i + 1,
    unitName: unitName(i),
    ordinal: i,
    total: TASKS,
    reported: i % 3 === 0 ? TASKS : i % 7,
    late: i % 5,
    missing: i % 3 === 0 ? 0 : TASKS - (i % 7),
    overdue: i % 3 !== 0,
  }));
  return {
    round,
    now,
    units,
    totals: {
      units: UNITS,
      requests: UNITS * TASKS,
      reported: units.reduce((n, u) => n + u.reported, 0),
      late: units.reduce((n, u) => n + u.late, 0),
      missing: units.reduce((n, u) => n + u.missing, 0),
      overdueUnits: units.filter((u) => u.overdue).length,
      completeUnits: units.filter((u) => u.missing === 0).length,
    },
    requestsByStatus: { not_started: 1, in_progress: 2, done: 3, behind: 4, blocked: 5, unreported: 6 },
    tasksByStatus: { not_started: 1, in_progress: 20, done: 1, behind: 1, blocked: 1, unreported: 1 },
  };
}

export function bigUnit(): UnitStatusView {
  return {
    round,
    unit: { id: 1, name: unitName(0) },
    requests: Array.from({ length: TASKS }, (_, t) => ({
      requestId: t + 1,
      state: t % 4 === 0 ? "overdue" : "reported",
      role: "responsible",
      report: t % 4 === 0 ? null : report(t),
      task: { id: t + 1, code: code(t), text: noisy(300) },
    })),
  };
}

export function bigTask(): TaskStatusView {
  return {
    round,
    task: { id: 1, code: "二.2", text: noisy(300), sectionTitle: "做大做强", leadUnits: [unitName(0)] },
    units: Array.from({ length: UNITS }, (_, i) => ({
      requestId: i + 1,
      state: i % 4 === 0 ? "overdue" : "late",
      role: i === 0 ? "lead" : "responsible",
      report: i % 4 === 0 ? null : report(i),
      unitId: i + 1,
      unitName: unitName(i),
    })),
    indicators: Array.from({ length: 5 }, (_, k) => ({
      id: k + 1,
      taskId: 1,
      name: `数字经济核心产业指标${k + 1}`,
      target: 500000,
      comparator: ">=" as const,
      unitOfMeasure: "万元",
    })),
    phases: [{ name: "办理落实阶段", start: "2022-04-01", end: "2022-10-31" }],
    tolerance: null,
  };
}

export function bigMissing(): MissingUnit[] {
  return Array.from({ length: UNITS }, (_, i) => ({
    unitId: i + 1,
    unitName: unitName(i),
    total: TASKS,
    missing: TASKS,
    overdue: true,
    taskCodes: Array.from({ length: TASKS }, (_, t) => code(t)),
    liaisons:
      i % 2 === 0
        ? []
        : [
            { openId: `ou_liaison${i}`, name: "联络员某某", role: "liaison" as const },
            { openId: `ou_deputy${i}a`, name: "副联络员甲", role: "deputy" as const },
            { openId: `ou_deputy${i}b`, name: "副联络员乙", role: "deputy" as const },
          ],
  }));
}

export function bigBulletinData(): BulletinData {
  const statuses: ReportStatus[] = ["not_started", "in_progress", "done", "behind", "blocked"];
  return {
    plan: {
      id: "big",
      title: "市十五届人大一次会议1号议案办理工作方案",
      issuer: "市政府办公厅",
      timezone: "Asia/Shanghai",
      tolerance: null,
    },
    period: bulletinPeriod("quarter", 2022, 2),
    now: new Date("2022-07-05T10:00:00+08:00"),
    rounds: [
      { ...round, requests: UNITS * TASKS },
      { ...round, id: 8, period: "2022-05", title: "2022年5月 月调度", requests: UNITS * TASKS },
      { ...round, id: 9, period: "2022-04", title: "2022年4月 月调度", requests: UNITS * TASKS },
    ],
    units: Array.from({ length: UNITS }, (_, i) => ({
      unitId: i + 1,
      unitName: unitName(i),
      ordinal: i,
      total: 75,
      due: 75,
      reported: 75 - (i % 9),
      onTime: 75 - (i % 9) - (i % 4),
      late: i % 4,
      overdue: i % 9,
      overdueRounds: i % 9 ? ["2022年4月 月调度", "2022年5月 月调度", "2022年6月 月调度"] : [],
      asked: true,
    })),
    tasks: Array.from({ length: TASKS }, (_, t) => ({
      id: t + 1,
      code: code(t),
      text: noisy(200),
      sectionTitle: "节",
      leadUnits: [unitName(t)],
      units: Array.from({ length: UNITS }, (_, i) => ({
        unitName: unitName(i),
        status: statuses[(t + i) % 5] ?? null,
        asked: true,
        role: i === t ? ("lead" as const) : ("responsible" as const),
        progress: noisy(120),
        evidence: i % 3 === 0 ? [`文件：${noisy(60)}.pdf`, "图片：图片（6月20日 10:05）"] : [],
      })),
    })),
    indicators: Array.from({ length: 12 }, (_, k) => ({
      id: k + 1,
      taskId: k,
      name: `数字经济核心产业增加值指标${k + 1}`,
      target: 1000,
      comparator: ([">=", "~", "<=", "="] as const)[k % 4] ?? ">=",
      unitOfMeasure: "亿元",
      values: [{ unitId: 1, value: 100 * k, isLead: true, submittedAt: now }],
    })),
    problems: Array.from({ length: UNITS * TASKS }, (_, i) => ({
      unitName: unitName(i % UNITS),
      taskCode: code(i % TASKS),
      text: noisy(400),
      submittedAt: now,
    })),
    // Every item 交办 and overdue: the longest 存在问题 a bulletin can carry.
    coordItems: Array.from({ length: UNITS * 2 }, (_, i) => ({
      id: i + 1,
      unitName: unitName(i % UNITS),
      taskCode: code(i % TASKS),
      text: noisy(300),
      state: "assigned" as const,
      due: "2022-01-10",
      owing: [unitName((i + 1) % UNITS)],
    })),
    phases: [{ name: "办理落实阶段", start: "2022-04-01", end: "2022-10-31" }],
  };
}
