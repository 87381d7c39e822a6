import { atLocal } from "../../domain/collect/dates";
import { progressWindow, type TimeProgress, timeProgress } from "../../domain/time-progress";
import type { IndicatorRef, PlanTiming, RequestDetail } from "../ports/collect";

export interface IndicatorPace {
  indicator: IndicatorRef;
  value: number;
  pace: TimeProgress;
}

/**
 * 时序进度 of the figures a unit reported on a task, measured at the round's due date. Only the figure owner's
 * values are compared with the task's target (a unit reporting its own share would always look behind).
 */
export function paceOf(
  d: RequestDetail,
  values: Record<string, number>,
  timing: PlanTiming | undefined,
  tz: string,
): IndicatorPace[] {
  if (!timing || d.figureOwnerUnitId === null || d.figureOwnerUnitId !== d.unitId) return [];
  const window = progressWindow(
    { phases: timing.phases, deadlines: d.deadlines, planDate: timing.planDate },
    (date) => atLocal(date, "00:00", tz),
    (date) => atLocal(date, "23:59", tz),
  );
  if (!window) return [];
  return d.indicators.flatMap((indicator) => {
    const value = values[String(indicator.id)];
    if (value === undefined) return [];
    const pace = timeProgress({
      target: indicator.target,
      comparator: indicator.comparator,
      value,
      window,
      at: d.round.dueAt,
    });
    return pace ? [{ indicator, value, pace }] : [];
  });
}

export const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** "数据中心机架 完成 37.5%,时序 42.5%" for each indicator behind. */
export function behindText(paces: readonly IndicatorPace[]): string | undefined {
  const behind = paces.filter((p) => p.pace.behind);
  if (behind.length === 0) return undefined;
  return behind
    .map((p) => `${p.indicator.name} 完成 ${percent(p.pace.reached)},时序 ${percent(p.pace.elapsed)}`)
    .join(";");
}
