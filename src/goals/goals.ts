import { type Comparator, formatAmount, formatPct, formatTarget, timeProgress } from "../domain/progress";

/**
 * Goals (目标指标): the plan's headline indicators ("2022年…达到9%左右"), each reported by one owning unit.
 * Pure: who to propose as owner, and how far a goal has come against the year's time.
 */

export interface GoalTaskHint {
  code: string;
  text: string;
  /** Lead units (牵头单位), else the responsible units that are single units, in the plan's order. */
  owners: Array<{ id: number; name: string }>;
}

export interface GoalRow {
  indicatorId: number;
  key: string;
  name: string;
  target: number;
  uom: string;
  comparator: Comparator;
  /** The sentence of the plan it was read from. */
  source: string;
  owner: { id: number; name: string } | null;
  latest: { value: number; asOf: string; source: string } | null;
}

/** Words every goal of a 数字经济 plan shares: they say nothing about which task a goal belongs to. */
const COMMON = /数字经济|数字|经济|全市|领域|建设|发布|引进|达到|比重|以上|左右/g;

function bigrams(s: string): Set<string> {
  const t = s.replace(COMMON, " ").replace(/[\s\d%，。、,.（）()]/g, " ");
  const out = new Set<string>();
  for (const part of t.split(/\s+/)) for (let i = 0; i + 1 < part.length; i++) out.add(part.slice(i, i + 2));
  return out;
}

/**
 * The unit to propose as a goal's owner: the lead unit of the task whose text shares most words with the goal
 * (产业园 → the task that builds 产业园区), else the office's host unit. The office confirms or changes it.
 */
export function proposeOwner(
  goalName: string,
  tasks: readonly GoalTaskHint[],
  officeUnit: { id: number; name: string } | null,
): { unit: { id: number; name: string }; because: string } | null {
  const words = bigrams(goalName);
  let best: { task: GoalTaskHint; score: number } | undefined;
  for (const task of tasks) {
    if (task.owners.length === 0) continue;
    const tw = bigrams(task.text);
    let score = 0;
    for (const w of words) if (tw.has(w)) score++;
    if (score > 0 && (!best || score > best.score)) best = { task, score };
  }
  const first = best?.task.owners[0];
  if (best && first) return { unit: first, because: `任务${best.task.code}的牵头单位` };
  return officeUnit ? { unit: officeUnit, because: "领导小组办公室所在单位" } : null;
}

/** The year a plan's goals are measured over: the calendar year of the plan (its issue date, else `now`). */
export function goalWindow(planDate: string | null, now: Date) {
  const year = planDate?.slice(0, 4) ?? String(now.getUTCFullYear());
  return { name: `${year}年度`, start: `${year}-01-01`, end: `${year}-12-31` };
}

export interface GoalProgressLine {
  name: string;
  target: string;
  value: string;
  reached: string;
  elapsed: string;
  state: string;
  flagged: boolean;
  /** The same as numbers, for charts: share of the target reached (null without a value) and of time elapsed. */
  reachedPct: number | null;
  elapsedPct: number;
}

/** One goal as the office reads it: 目标 9%左右 · 当前 8.2%（截至2022年6月30日） · 完成 91.1% · 时序 49.6%. */
export function goalLine(g: GoalRow, elapsed: number): GoalProgressLine {
  const p = timeProgress({
    target: g.target,
    comparator: g.comparator,
    value: g.latest?.value ?? null,
    elapsed,
  });
  const stateLabel: Record<typeof p.state, string> = {
    no_data: "未报送",
    met: "已达到目标",
    on_track: "符合时序进度",
    behind: "滞后于时序进度",
    over_pace: "快于时序进度",
    exceeded: "已突破上限",
  };
  return {
    name: g.name,
    target: formatTarget(g.target, g.comparator, g.uom),
    value: g.latest ? `${formatAmount(g.latest.value, g.uom)}${g.uom}` : "—",
    reached: p.reachedPct === null ? "—" : formatPct(p.reachedPct),
    elapsed: formatPct(p.elapsedPct),
    state: stateLabel[p.state],
    flagged: p.flagged,
    reachedPct: p.reachedPct,
    elapsedPct: p.elapsedPct,
  };
}
