/**
 * A revised plan against the loaded one: tasks are matched by what they say (text similarity, helped by
 * section and number), never by position, so that a renumbered or moved task keeps its reports. Pure.
 */
import type { Plan } from "../domain/plan-format";

type Task = Plan["sections"][number]["tasks"][number];
interface Located {
  task: Task;
  section: string;
}

export interface TaskRename {
  from: string;
  to: string;
}

export interface PlanDiff {
  added: { id: string; text: string }[];
  /** Retired with their reports kept. */
  removed: { id: string; text: string }[];
  renumbered: { from: string; to: string; text: string }[];
  unitsChanged: { id: string; before: string; after: string }[];
  targetsChanged: { id: string; before: string; after: string }[];
  textChanged: { id: string; before: string; after: string }[];
  /** Old code → new code for every matched task whose code changes (what the loader applies). */
  renames: TaskRename[];
}

function located(plan: Plan): Located[] {
  return plan.sections.flatMap((s) => s.tasks.map((task) => ({ task, section: s.title })));
}

function bigrams(s: string): Map<string, number> {
  const clean = s.replace(/[\s，,。；;、：:（）()]/g, "");
  const out = new Map<string, number>();
  for (let i = 0; i < clean.length - 1; i++) {
    const g = clean.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Dice coefficient over character bigrams: 1 for the same text, near 0 for unrelated ones. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = bigrams(a);
  const y = bigrams(b);
  let shared = 0;
  let total = 0;
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  for (const [g, n] of x) shared += Math.min(n, y.get(g) ?? 0);
  return total === 0 ? 0 : (2 * shared) / total;
}

/** Below this a task is not the same task reworded but a different one. */
const SAME_TASK = 0.6;

export function matchTasks(before: Plan, after: Plan): [Located, Located][] {
  const olds = located(before);
  const news = located(after);
  const pairs: { o: number; n: number; score: number }[] = [];
  olds.forEach((o, i) => {
    news.forEach((n, j) => {
      const text = similarity(o.task.text, n.task.text);
      if (text < SAME_TASK) return;
      const score = text + (o.section === n.section ? 0.02 : 0) + (o.task.id === n.task.id ? 0.01 : 0);
      pairs.push({ o: i, n: j, score });
    });
  });
  pairs.sort((a, b) => b.score - a.score);
  const usedO = new Set<number>();
  const usedN = new Set<number>();
  const out: [Located, Located][] = [];
  for (const p of pairs) {
    if (usedO.has(p.o) || usedN.has(p.n)) continue;
    const o = olds[p.o];
    const n = news[p.n];
    if (!o || !n) continue;
    usedO.add(p.o);
    usedN.add(p.n);
    out.push([o, n]);
  }
  return out;
}

const units = (t: Task) =>
  [`牵头：${t.lead.join("、") || "无"}`, `责任：${t.responsible.join("、") || "无"}`]
    .concat(t.support.length ? [`配合：${t.support.join("、")}`] : [])
    .join("；");
const targets = (t: Task) =>
  t.indicators.map((i) => `${i.name}${i.comparator}${i.target}${i.unit}`).join("、");

export function diffPlans(before: Plan, after: Plan): PlanDiff {
  const matches = matchTasks(before, after);
  const matchedOld = new Set(matches.map(([o]) => o.task.id));
  const matchedNew = new Set(matches.map(([, n]) => n.task.id));
  const diff: PlanDiff = {
    added: located(after)
      .filter((l) => !matchedNew.has(l.task.id))
      .map((l) => ({ id: l.task.id, text: l.task.text })),
    removed: located(before)
      .filter((l) => !matchedOld.has(l.task.id))
      .map((l) => ({ id: l.task.id, text: l.task.text })),
    renumbered: [],
    unitsChanged: [],
    targetsChanged: [],
    textChanged: [],
    renames: [],
  };
  for (const [o, n] of matches) {
    if (o.task.id !== n.task.id) {
      diff.renumbered.push({ from: o.task.id, to: n.task.id, text: n.task.text });
      diff.renames.push({ from: o.task.id, to: n.task.id });
    }
    if (units(o.task) !== units(n.task))
      diff.unitsChanged.push({ id: n.task.id, before: units(o.task), after: units(n.task) });
    if (targets(o.task) !== targets(n.task))
      diff.targetsChanged.push({ id: n.task.id, before: targets(o.task), after: targets(n.task) });
    if (o.task.text !== n.task.text)
      diff.textChanged.push({ id: n.task.id, before: o.task.text, after: n.task.text });
  }
  return diff;
}

export function isEmptyDiff(d: PlanDiff): boolean {
  return (
    d.added.length +
      d.removed.length +
      d.renumbered.length +
      d.unitsChanged.length +
      d.targetsChanged.length +
      d.textChanged.length ===
    0
  );
}

/** The diff as the office reads it, one line per change, the plan's own numbering. */
export function describeDiff(d: PlanDiff): string[] {
  return [
    ...d.added.map((a) => `新增 ${a.id}：${a.text}`),
    ...d.removed.map((r) => `移除 ${r.id}：${r.text}（任务停用，已有报送保留，可导出）`),
    ...d.renumbered.map((r) => `重新编号 ${r.from} → ${r.to}：${r.text}`),
    ...d.unitsChanged.map((u) => `单位变更 ${u.id}：${u.before} → ${u.after}`),
    ...d.targetsChanged.map((t) => `目标变更 ${t.id}：${t.before || "无"} → ${t.after || "无"}`),
    ...d.textChanged.map((t) => `文字修改 ${t.id}`),
  ];
}
