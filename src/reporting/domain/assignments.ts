/**
 * Who is asked what when a round opens. A task's lead (牵头) and responsible (责任) units report on it; a unit
 * group (各区人民政府) counts for each of its members; support units (配合) are not asked. Retired tasks and
 * units are excluded by the caller's query.
 */
export interface Assignment {
  taskId: number;
  /** The reporting unit (a group already expanded to its member). */
  unitId: number;
  role: "lead" | "responsible" | "support";
}

export interface RequestSeed {
  unitId: number;
  taskId: number | null;
  role: "lead" | "responsible" | null;
  /** A goal indicator whose value the unit (its owner) reports in a monthly round. */
  indicatorId?: number;
}

/** What a round asks: progress per (unit, task), one document per unit, or the lead units' 自评 per task. */
export type SeedMode = "task" | "unit" | "lead";

/**
 * Monthly rounds: one request per (unit, task), the unit's role being lead when it leads (directly or through a
 * group) and responsible otherwise. Summary rounds: one request per unit taking part in any task (task null).
 * 自评 rounds: one request per (lead unit, task); a task without a lead unit is assessed by its responsible units.
 */
export function requestSeeds(assignments: readonly Assignment[], mode: SeedMode): RequestSeed[] {
  if (mode === "lead") {
    const led = new Set(assignments.filter((a) => a.role === "lead").map((a) => a.taskId));
    return requestSeeds(
      assignments.filter((a) => a.role === "lead" || !led.has(a.taskId)),
      "task",
    );
  }
  const byKey = new Map<string, RequestSeed>();
  for (const a of assignments) {
    if (a.role === "support") continue;
    if (mode === "unit") {
      byKey.set(`${a.unitId}`, { unitId: a.unitId, taskId: null, role: null });
      continue;
    }
    const key = `${a.unitId}:${a.taskId}`;
    const prev = byKey.get(key);
    if (!prev || (prev.role !== "lead" && a.role === "lead"))
      byKey.set(key, { unitId: a.unitId, taskId: a.taskId, role: a.role });
  }
  return [...byKey.values()];
}

/** The goal indicators (目标指标) with an owner: each owner is asked the value of its goals in a monthly round. */
export function goalSeeds(owners: readonly { indicatorId: number; unitId: number }[]): RequestSeed[] {
  return owners.map((o) => ({ unitId: o.unitId, taskId: null, role: null, indicatorId: o.indicatorId }));
}

/**
 * Who reports a task's indicator figures (数据口径). Reports are cumulative figures for the whole task, so
 * one unit owns them: the first lead unit, else the first responsible entry when it is a single unit.
 * When the first entry is a group (e.g. only 各区人民政府), there is no owner: every unit reports its own
 * share and no pace check is made on a single unit's share.
 */
export function figureOwner(
  task: { lead: readonly string[]; responsible: readonly string[] },
  isGroup: (name: string) => boolean,
): string | null {
  const first = task.lead[0] ?? task.responsible[0];
  return first && !isGroup(first) ? first : null;
}

const numerals = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/**
 * A task id as people type it → the plan's form "二.1": accepts 二.1, 二、1, 二1, (二)1, （二）1, 二．1, 2.1.
 * Undefined when it does not look like a task id.
 */
export function normalizeTaskCode(text: string): string | undefined {
  const t = text
    .trim()
    .replace(/[（(]/g, "")
    .replace(/[）)]/g, ".")
    .replace(/[、．。,，]/g, ".")
    .replace(/\.+/g, ".");
  const m = /^([一二三四五六七八九十]+|\d{1,2})\.?(\d{1,3})$/.exec(t);
  if (!m?.[1] || !m[2]) return undefined;
  const section = /^\d+$/.test(m[1]) ? numerals[Number(m[1])] : m[1];
  return section ? `${section}.${Number(m[2])}` : undefined;
}
