import {
  type Comparator,
  elapsedShare,
  formatPct,
  type IndicatorProgress,
  pickProgressWindow,
  progressStateLabel,
  timeProgress,
} from "../domain/progress";
import type { IndicatorRef, PlanTiming, RequestDetail } from "./ports";

export interface IndicatorPace {
  indicator: IndicatorRef;
  value: number;
  pace: IndicatorProgress;
}

const comparators: readonly string[] = [">=", "~", "<=", "="];
export const asComparator = (c: string): Comparator => (comparators.includes(c) ? (c as Comparator) : ">=");

/**
 * 时序进度 of the figures a unit reported on a task, measured at the round's due date with the same rules as
 * /status and the bulletins (src/domain/progress.ts): the plan's implementation phase, or the task's own
 * deadline, is the window. Only the figure owner's values are compared with the task's target (a unit
 * reporting its own share would always look behind).
 */
export function paceOf(
  d: RequestDetail,
  values: Record<string, number>,
  timing: PlanTiming | undefined,
  tz: string,
  tolerance?: number,
): IndicatorPace[] {
  if (!timing || d.figureOwnerUnitId === null || d.figureOwnerUnitId !== d.unitId) return [];
  const at = d.round.dueAt;
  const window = pickProgressWindow(timing.phases, at, tz, d.deadlines);
  const elapsed = elapsedShare(window, at, tz);
  return d.indicators.flatMap((indicator) => {
    const value = values[String(indicator.id)];
    if (value === undefined) return [];
    const pace = timeProgress(
      { target: indicator.target, comparator: asComparator(indicator.comparator), value, elapsed },
      tolerance === undefined ? {} : { tolerance },
    );
    return [{ indicator, value, pace }];
  });
}

/**
 * "数据中心机架 完成25%，时序进度39.6%，滞后于时序进度" for each indicator the office must act on (behind, over
 * pace or past its ceiling); undefined when none is.
 */
export function flaggedText(paces: readonly IndicatorPace[]): string | undefined {
  const flagged = paces.filter((p) => p.pace.flagged);
  if (flagged.length === 0) return undefined;
  return flagged
    .map((p) => {
      const reached = p.pace.reachedPct === null ? "" : `完成${formatPct(p.pace.reachedPct)}，`;
      return `${p.indicator.name} ${reached}时序进度${formatPct(p.pace.elapsedPct)}，${progressStateLabel[p.pace.state]}`;
    })
    .join("；");
}
