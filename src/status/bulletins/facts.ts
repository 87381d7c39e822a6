import { type Light, taskLight } from "../../domain/lights";
import {
  aggregateIndicator,
  DEFAULT_TOLERANCE,
  elapsedShare,
  type IndicatorProgress,
  type ProgressWindow,
  pickProgressWindow,
  timeProgress,
} from "../../domain/progress";
import { type TaskStatus, taskStatusOf } from "../../domain/states";
import { formatCnDate, localDayEnd } from "../../domain/time";
import type { BulletinData, BulletinTaskUnit, IndicatorDef } from "../ports";

/**
 * What a bulletin states, computed once from the period's data so the text, the preview card and the annex
 * table say the same thing: only units that were asked are counted, each task has one light.
 */

/** asOf: the date a goal's value stands at (YYYY-MM-DD), when the goal's own record gave one. */
export type IndicatorFact = IndicatorDef & { progress: IndicatorProgress; asOf?: string };

export interface TaskFact {
  id: number;
  code: string;
  text: string;
  sectionTitle: string;
  leadUnits: string[];
  /** Units asked on this task (a liaison received the cards). */
  units: BulletinTaskUnit[];
  /** Units on this task without a liaison (never asked). */
  unmapped: string[];
  status: TaskStatus;
  light: Light | null;
  /** The report the 主要进展 quotes: the lead unit's, else the first unit's with text. */
  source: BulletinTaskUnit | undefined;
  indicators: IndicatorFact[];
  problems: string[];
  /** 佐证材料 of the asked units' reports, "单位：链接或文件" one line each, in unit order. */
  evidence: string[];
}

export interface BulletinFacts {
  asOf: string;
  window: ProgressWindow;
  elapsed: number;
  tolerance: number;
  units: BulletinData["units"];
  /** Names of units without a liaison: for the office, never named as non-reporters. */
  unmapped: string[];
  due: number;
  onTime: number;
  ratePct: number | null;
  tasks: TaskFact[];
  goals: IndicatorFact[];
  overdueUnits: BulletinData["units"];
  lateUnits: BulletinData["units"];
  lights: Record<Light, number>;
}

export function bulletinFacts(data: BulletinData, opts: { tolerance?: number } = {}): BulletinFacts {
  const tz = data.plan.timezone;
  const periodEnd = localDayEnd(data.period.end, tz);
  const at = new Date(Math.min(data.now.getTime(), periodEnd.getTime()));
  const lastMonth = data.period.months[data.period.months.length - 1] ?? 12;
  const asOf =
    at.getTime() === periodEnd.getTime() ? `截至${lastMonth}月底` : `截至${formatCnDate(at, tz).slice(5)}`;
  const window = pickProgressWindow(data.phases, at, tz);
  const elapsed = elapsedShare(window, at, tz);
  const tolerance = data.plan.tolerance ?? opts.tolerance ?? DEFAULT_TOLERANCE;
  const indicators: IndicatorFact[] = data.indicators.map((i) => ({
    ...i,
    progress: timeProgress(
      {
        target: i.target,
        comparator: i.comparator,
        value: aggregateIndicator(i.values, i.comparator),
        elapsed,
      },
      { tolerance },
    ),
  }));

  const units = data.units.filter((u) => u.asked);
  const unmapped = data.units.filter((u) => !u.asked).map((u) => u.unitName);
  const sum = (f: (u: (typeof units)[number]) => number) => units.reduce((acc, u) => acc + f(u), 0);
  const due = sum((u) => u.due);
  const onTime = sum((u) => u.onTime);
  const pastDue = data.rounds.some((r) => r.dueAt.getTime() <= data.now.getTime());

  const tasks: TaskFact[] = data.tasks
    .filter((t) => t.units.length > 0)
    .map((t) => {
      const asked = t.units.filter((u) => u.asked);
      const mine = indicators.filter((i) => i.taskId === t.id);
      const problems = data.problems.filter((p) => p.taskCode === t.code).map((p) => p.text);
      const withText = asked.filter((u) => u.progress);
      return {
        id: t.id,
        code: t.code,
        text: t.text,
        sectionTitle: t.sectionTitle,
        leadUnits: t.leadUnits,
        units: asked,
        unmapped: t.units.filter((u) => !u.asked).map((u) => u.unitName),
        status: taskStatusOf(asked.map((u) => u.status)),
        light: taskLight({
          units: asked.map((u) => ({ status: u.status, lead: u.role === "lead" })),
          pastDue,
          indicators: mine.map((i) => i.progress),
          tolerance,
          openProblem: problems.length > 0,
        }),
        source: withText.find((u) => u.role === "lead") ?? withText[0],
        indicators: mine,
        problems,
        evidence: asked.flatMap((u) => (u.evidence ?? []).map((e) => `${u.unitName}：${e}`)),
      };
    });
  const lights: Record<Light, number> = { green: 0, yellow: 0, red: 0 };
  for (const t of tasks) if (t.light) lights[t.light] += 1;

  return {
    asOf,
    window,
    elapsed,
    tolerance,
    units,
    unmapped,
    due,
    onTime,
    ratePct: due > 0 ? Math.round((onTime / due) * 1000) / 10 : null,
    tasks,
    goals: indicators.filter((i) => i.taskId === null),
    overdueUnits: units.filter((u) => u.overdue > 0),
    lateUnits: units.filter((u) => u.late > 0),
    lights,
  };
}
