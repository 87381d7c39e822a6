/**
 * 时序进度: is a quantitative task keeping pace with the calendar? The share of the target reached is
 * compared with the share of the work window elapsed; a shortfall beyond the tolerance flags 滞后 on its own,
 * whatever status the unit picked.
 *
 * (Issue #6 builds src/domain/progress.ts for bulletins; until the integrator unifies them, issue #5 uses this.)
 */

export interface ProgressWindow {
  start: Date;
  end: Date;
}

export interface TimeProgress {
  /** value / target, 0.. (may exceed 1). */
  reached: number;
  /** Share of the window elapsed at the given time, clamped to 0..1. */
  elapsed: number;
  behind: boolean;
}

/** Percentage points a task may trail the calendar before it is flagged. */
export const DEFAULT_TOLERANCE = 0.05;

/**
 * Undefined when the comparison means nothing: a cap (≤, 以内) is not "reached" over time, a target of 0,
 * or an empty window.
 */
export function timeProgress(input: {
  target: number;
  comparator: string;
  value: number;
  window: ProgressWindow;
  at: Date;
  tolerance?: number;
}): TimeProgress | undefined {
  const { target, comparator, value, window, at } = input;
  if (comparator === "<=" || !(target > 0)) return undefined;
  const span = window.end.getTime() - window.start.getTime();
  if (!(span > 0)) return undefined;
  const elapsed = Math.min(1, Math.max(0, (at.getTime() - window.start.getTime()) / span));
  const reached = Math.max(0, value) / target;
  const behind = reached < 1 && reached + (input.tolerance ?? DEFAULT_TOLERANCE) < elapsed;
  return { reached, elapsed, behind };
}

/**
 * The window a task's targets are measured over (dates are YYYY-MM-DD local days, converted by `toStart`
 * and `toEnd`): from the earliest phase start (else the plan's date, else 1 January of the end year) to the
 * task's earliest resolved deadline after that (else the last phase's end, else 31 December).
 */
export function progressWindow(
  input: {
    phases: readonly { start: string | null; end: string }[];
    deadlines: readonly (string | null)[];
    planDate: string | null;
  },
  toStart: (date: string) => Date,
  toEnd: (date: string) => Date,
): ProgressWindow | undefined {
  const starts = input.phases.flatMap((p) => (p.start ? [p.start] : [])).sort();
  const ends = input.phases.map((p) => p.end).sort();
  const endFallback = ends[ends.length - 1];
  const startDate =
    starts[0] ?? input.planDate ?? (endFallback ? `${endFallback.slice(0, 4)}-01-01` : undefined);
  if (!startDate) return undefined;
  const deadline = input.deadlines
    .flatMap((d) => (d && d > startDate ? [d] : []))
    .sort()
    .at(0);
  const endDate = deadline ?? endFallback ?? `${startDate.slice(0, 4)}-12-31`;
  if (endDate <= startDate) return undefined;
  return { start: toStart(startDate), end: toEnd(endDate) };
}
