import type { ReportingRhythm } from "./rounds";

/**
 * Reporting status as users see it: a request is 待报送, 已报送, 逾期 or 迟报; a report says where its task
 * stands (未启动 … 受阻); a task's status across its units; units ranked by on-time rate.
 */

export const reportStatuses = ["not_started", "in_progress", "done", "behind", "blocked"] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const reportStatusLabels: Record<ReportStatus, string> = {
  not_started: "未启动",
  in_progress: "推进中",
  done: "已完成",
  behind: "滞后",
  blocked: "受阻",
};

/** pending 待报送 (no report, not yet due) | reported 已报送 | overdue 逾期 (no report, past due) | late 迟报. */
/**
 * How a revision was made: the form (`form`), or a shortcut on the overview card for a unit with many tasks —
 * 本月无新进展 (`no_progress`: nothing new, not counted as progress) or 同上月 (`same_as_last`: last month's
 * report copied as a new revision, editable afterwards). In a round of units that report each quarter (季度调度)
 * they say 本季度无新进展 and 同上季度: the round before is last quarter's.
 */
export const reportKinds = ["form", "no_progress", "same_as_last"] as const;
export type ReportKind = (typeof reportKinds)[number];

const reportKindLabels: Record<ReportingRhythm, Record<ReportKind, string>> = {
  month: { form: "填报", no_progress: "本月无新进展", same_as_last: "同上月" },
  quarter: { form: "填报", no_progress: "本季度无新进展", same_as_last: "同上季度" },
};

/** The words of a report kind in a round of that rhythm (roundRhythm in ./rounds.ts). */
export function reportKindLabel(kind: ReportKind, rhythm: ReportingRhythm = "month"): string {
  return reportKindLabels[rhythm][kind];
}

/** The period before, as the shortcuts' answers name it: 上月, 上季度. */
export const previousPeriodLabel: Record<ReportingRhythm, string> = { month: "上月", quarter: "上季度" };

export type RequestState = "pending" | "reported" | "overdue" | "late";

export const requestStateLabels: Record<RequestState, string> = {
  pending: "待报送",
  reported: "已报送",
  overdue: "逾期",
  late: "迟报",
};

/**
 * A request's state at `now`. `firstLate` is the late flag of the first revision: a unit that reported on
 * time and corrected its report after the due time still reported on time.
 */
export function requestState(r: {
  reported: boolean;
  firstLate: boolean;
  dueAt: Date;
  now: Date;
}): RequestState {
  if (r.reported) return r.firstLate ? "late" : "reported";
  return r.now.getTime() > r.dueAt.getTime() ? "overdue" : "pending";
}

/** A task's status across its units; "unreported" when no unit has reported on it. */
export type TaskStatus = ReportStatus | "unreported";

/** 自评: a lead unit's assessment of its task before the 满意度测评 (one word: selfcheck). */
export const selfcheckVerdicts = ["done", "mostly", "not_done"] as const;
export type SelfcheckVerdict = (typeof selfcheckVerdicts)[number];
export const selfcheckLabels: Record<SelfcheckVerdict, string> = {
  done: "完成",
  mostly: "基本完成",
  not_done: "未完成",
};

export const taskStatusLabels: Record<TaskStatus, string> = { ...reportStatusLabels, unreported: "未报送" };

/**
 * The status of a task from its units' latest reports (null = that unit has not reported):
 * 受阻 if any unit is blocked, else 滞后 if any is behind, else 已完成 when every unit reported done,
 * else 推进中 when any unit is under way or done, else 未启动 when some reported not started, else 未报送.
 */
export function taskStatusOf(statuses: ReadonlyArray<ReportStatus | null>): TaskStatus {
  const reported = statuses.filter((s): s is ReportStatus => s !== null);
  if (reported.length === 0) return "unreported";
  if (reported.includes("blocked")) return "blocked";
  if (reported.includes("behind")) return "behind";
  if (reported.length === statuses.length && reported.every((s) => s === "done")) return "done";
  if (reported.some((s) => s === "in_progress" || s === "done")) return "in_progress";
  return "not_started";
}

export interface OnTimeInput {
  unitId: number;
  unitName: string;
  ordinal: number;
  /** Requests due by now (or already reported). */
  due: number;
  onTime: number;
}

export interface RankedUnit<T extends OnTimeInput> {
  unit: T;
  /** 1-based; equal rates share a rank (1, 1, 3). */
  rank: number;
  /** onTime ÷ due × 100, one decimal; null when nothing was due. */
  ratePct: number | null;
}

/** Units ranked by on-time rate (按时报送率), highest first; ties by more requests due, then plan order. */
export function rankByOnTimeRate<T extends OnTimeInput>(units: readonly T[]): RankedUnit<T>[] {
  const rated = units.map((unit) => ({
    unit,
    ratePct: unit.due > 0 ? Math.round((unit.onTime / unit.due) * 1000) / 10 : null,
  }));
  rated.sort(
    (a, b) =>
      (b.ratePct ?? -1) - (a.ratePct ?? -1) || b.unit.due - a.unit.due || a.unit.ordinal - b.unit.ordinal,
  );
  let rank = 0;
  let prev: number | null | undefined;
  return rated.map((r, i) => {
    if (r.ratePct !== prev) rank = i + 1;
    prev = r.ratePct;
    return { ...r, rank };
  });
}

/** How a task is cited in text: its plan code, "二.3". */
export function taskCitation(code: string): string {
  // One numbering style everywhere (cards, replies, documents, exports): the plan format's own "二.3".
  return code;
}

/**
 * Reads a task reference a user typed: "二.3", "二3", "(二)3", "（二）3", "二、3", "二．3". Undefined when it is not one.
 */
export function parseTaskCode(text: string): string | undefined {
  const m = /^[(（]?([一二三四五六七八九十]+)[)）]?[.、．]?\s*(\d+)$/.exec(text.trim());
  return m ? `${m[1]}.${Number(m[2])}` : undefined;
}

/**
 * A task's headline for lists: its first sentence, cut at a comma when long ("推进制造业数字化改造"), else
 * shortened with "…".
 */
export function taskHeadline(text: string, max = 24): string {
  const first = text.split(/[。；;]/)[0]?.trim() ?? text;
  if (first.length <= max) return first;
  const clauses = first.split(/[，,]/);
  let head = clauses[0] ?? first;
  for (const c of clauses.slice(1)) {
    if (head.length + 1 + c.length > max) break;
    head = `${head}，${c}`;
  }
  return head.length <= max ? head : `${head.slice(0, max)}…`;
}
