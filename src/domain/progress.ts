import { cnDateOf, DEFAULT_TZ, localDay, localDayEnd, localDayStart } from "./time";

/**
 * 时序进度: whether an indicator's cumulative value keeps pace with the time elapsed. The one implementation
 * used by /status, the bulletins and the collect cards (the submit toast, the lead's 汇总 view).
 *
 * The share of the target reached (value ÷ target) is compared with the share of the work window elapsed
 * (the plan's implementation phase, or the calendar year). With tolerance t points:
 * - '>=' (以上) and '=' (a count to reach, such as 机架4万个): met once value ≥ target; behind (滞后) when the
 *   reached share is below the elapsed share by more than t points; otherwise on track.
 * - '~' (左右, usually a level such as 占GDP比重9%左右): met once within the band below the target (or above it);
 *   below the band, judged against time like '>='.
 * - '<=' (以内/不超过, a ceiling on a cumulative amount): exceeded once value > target; over pace (超序时) when
 *   the share used runs ahead of time by more than t points; met at the end of the window if within the ceiling.
 */

export type Comparator = ">=" | "~" | "<=" | "=";

export interface ProgressWindow {
  name: string;
  /** Local dates, inclusive. */
  start: string;
  end: string;
}

export interface ProgressOptions {
  /** Points (of 100) a reached share may lag the elapsed share before it is flagged. Default 5. */
  tolerance?: number;
  /** Relative band under a '~' target that still counts as reached. Default 0.05 (±5%). */
  approxBand?: number;
}

export const DEFAULT_TOLERANCE = 5;

export type ProgressState = "no_data" | "met" | "on_track" | "behind" | "over_pace" | "exceeded";

export const progressStateLabel: Record<ProgressState, string> = {
  no_data: "暂无数据",
  met: "已达到目标",
  on_track: "符合时序进度",
  behind: "滞后于时序进度",
  over_pace: "快于时序进度，存在突破上限风险",
  exceeded: "已突破上限",
};

export interface IndicatorProgress {
  state: ProgressState;
  /** True for the states the office must act on: behind, over_pace, exceeded. */
  flagged: boolean;
  value: number | null;
  target: number;
  comparator: Comparator;
  /** value ÷ target × 100; null without a value or with a zero target. */
  reachedPct: number | null;
  /** Share of the window elapsed × 100, 0..100. */
  elapsedPct: number;
  /** reachedPct − elapsedPct (points); negative means behind time. */
  gapPts: number | null;
}

/** Share (0..1) of the window elapsed at `at`: 0 before its first day, 1 after its last. */
export function elapsedShare(window: ProgressWindow, at: Date, tz = DEFAULT_TZ): number {
  const start = localDayStart(window.start, tz).getTime();
  const end = localDayEnd(window.end, tz).getTime();
  if (end <= start) return 1;
  return Math.min(1, Math.max(0, (at.getTime() - start) / (end - start)));
}

/**
 * The window time progress is measured against: the plan's longest dated phase (the 办理落实阶段 of a
 * 议案办理方案, when the work is done), or the calendar year of `at` when the plan has no dated phase.
 * A task with its own deadline (完成时限, YYYY-MM-DD) is measured up to the earliest one after the window's
 * start instead: "到2022年底建成4万个机架" runs to 12-31 whatever the phase says.
 */
export function pickProgressWindow(
  phases: ReadonlyArray<{ name: string; start: string | null; end: string }>,
  at: Date,
  tz = DEFAULT_TZ,
  deadlines: ReadonlyArray<string | null> = [],
): ProgressWindow {
  let best: ProgressWindow | undefined;
  let bestDays = -1;
  for (const p of phases) {
    if (!p.start) continue;
    const days = localDayEnd(p.end, tz).getTime() - localDayStart(p.start, tz).getTime();
    if (days > bestDays) {
      best = { name: p.name, start: p.start, end: p.end };
      bestDays = days;
    }
  }
  if (!best) {
    const year = localDay(at, tz).slice(0, 4);
    best = { name: `${year}年度`, start: `${year}-01-01`, end: `${year}-12-31` };
  }
  const start = best.start;
  const deadline = deadlines
    .flatMap((d) => (d && d > start ? [d] : []))
    .sort()
    .at(0);
  if (!deadline || deadline === best.end) return best;
  return { name: `任务时限（${cnDateOf(start)}至${cnDateOf(deadline)}）`, start, end: deadline };
}

export function timeProgress(
  input: { target: number; comparator: Comparator; value: number | null; elapsed: number },
  opts: ProgressOptions = {},
): IndicatorProgress {
  const tolerance = opts.tolerance ?? DEFAULT_TOLERANCE;
  const band = opts.approxBand ?? 0.05;
  const { target, comparator, value } = input;
  const elapsedPct = round1(Math.min(1, Math.max(0, input.elapsed)) * 100);
  const base = { value, target, comparator, elapsedPct };
  if (value === null || !Number.isFinite(value)) {
    return { ...base, value: null, state: "no_data", flagged: false, reachedPct: null, gapPts: null };
  }
  const reachedPct = target !== 0 ? round1((value / target) * 100) : null;
  const gapPts = reachedPct === null ? null : round1(reachedPct - elapsedPct);
  const done = (state: ProgressState): IndicatorProgress => ({
    ...base,
    state,
    flagged: state === "behind" || state === "over_pace" || state === "exceeded",
    reachedPct,
    gapPts,
  });

  if (comparator === "<=") {
    if (value > target) return done("exceeded");
    if (gapPts !== null && gapPts > tolerance) return done("over_pace");
    return done(elapsedPct >= 100 ? "met" : "on_track");
  }
  const reachedAt = comparator === "~" ? target * (1 - band) : target;
  if (value >= reachedAt) return done("met");
  if (gapPts !== null && gapPts < -tolerance) return done("behind");
  return done("on_track");
}

/**
 * One figure for an indicator several units report. A '~' indicator is a level (a share, a rate): the most
 * recently reported value. Otherwise the lead unit (牵头单位) reports the whole: its value when it reported;
 * without a lead value, the units' contributions are added up.
 */
export function aggregateIndicator(
  values: ReadonlyArray<{ value: number; isLead: boolean; submittedAt: Date }>,
  comparator: Comparator,
): number | null {
  const finite = values.filter((v) => Number.isFinite(v.value));
  if (finite.length === 0) return null;
  if (comparator === "~") {
    return finite.reduce((a, b) => (b.submittedAt.getTime() > a.submittedAt.getTime() ? b : a)).value;
  }
  const leads = finite.filter((v) => v.isLead);
  if (leads.length > 0) return Math.max(...leads.map((v) => v.value));
  return finite.reduce((sum, v) => sum + v.value, 0);
}

/** A cumulative value that went down between two reports (a typo, or a restated figure to ask about). */
export function isDecrease(prev: number | null | undefined, next: number | null | undefined): boolean {
  if (typeof prev !== "number" || typeof next !== "number") return false;
  if (!Number.isFinite(prev) || !Number.isFinite(next)) return false;
  return next < prev - 1e-9 * Math.max(1, Math.abs(prev));
}

/** The plan's tolerance (plans.settings.progressTolerance, points), undefined when it sets none. */
export function progressTolerance(settings: unknown): number | undefined {
  const t =
    settings && typeof settings === "object"
      ? (settings as Record<string, unknown>).progressTolerance
      : undefined;
  return typeof t === "number" && Number.isFinite(t) && t >= 0 ? t : undefined;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * Numbers as an official text writes them: 40000 → "4万", 12000 → "1.2万", 8.25 → "8.25", 9 → "9"; no 万 when
 * the unit of measure already has one (500000 万元 stays "500000").
 */
export function formatAmount(n: number, uom = ""): string {
  if (Math.abs(n) >= 10000 && Number.isInteger(n) && n % 100 === 0 && !/^[万亿]/.test(uom))
    return `${trim(n / 10000)}万`;
  return trim(n);
}

function trim(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** "42.9%". */
export function formatPct(pct: number): string {
  return `${Math.round(pct * 10) / 10}%`;
}

/** The target as written: "9%左右", "20个以上", "4万个", "100吨以内". */
export function formatTarget(target: number, comparator: Comparator, uom: string): string {
  const suffix =
    comparator === ">=" ? "以上" : comparator === "~" ? "左右" : comparator === "<=" ? "以内" : "";
  return `${formatAmount(target, uom)}${uom}${suffix}`;
}
