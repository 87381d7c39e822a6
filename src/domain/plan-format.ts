import * as z from "zod";

/**
 * The plan format (docs/contract.md): what `duban plan import` prints and `duban plan load` reads.
 * Fields may be added, never renamed.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "expects a date YYYY-MM-DD" });

/** '>=' 以上/不少于, '~' 左右/约, '<=' 以内/不超过, '=' exact. */
export const comparatorSchema = z.enum([">=", "~", "<=", "="]);
export type Comparator = z.infer<typeof comparatorSchema>;

export const indicatorSchema = z.object({
  name: z.string().min(1),
  target: z.number().finite(),
  unit: z.string(),
  comparator: comparatorSchema,
  /** The phrase it was read from, e.g. "建成数据中心机架4万个". */
  source: z.string().optional(),
});
export type Indicator = z.infer<typeof indicatorSchema>;

export const deadlineSchema = z.object({
  /** As written: "10月底前", "年底前". */
  text: z.string().min(1),
  /** Resolved date, when it can be resolved from the plan year. */
  date: isoDate.nullable(),
  /**
   * dated (a date), recurring (每季度末: `every` with `month` and `day`), ongoing (长期坚持: never due), unknown
   * (warned). Absent in plans read before it was written: then read from the text (src/deadlines/read.ts).
   */
  kind: z.enum(["dated", "recurring", "ongoing", "unknown"]).optional(),
  every: z.enum(["month", "quarter", "half", "year"]).optional(),
  /** recurring: the month within each period (1 = its first; absent: its last); of a year, the calendar month. */
  month: z.number().int().min(1).max(12).optional(),
  /** recurring: the day of that month (absent: its last day). */
  day: z.number().int().min(1).max(31).optional(),
});

export const taskSchema = z.object({
  /** Number within the section: 3 for (二)3. */
  no: z.number().int().positive(),
  /** Section and number, e.g. "二.3". */
  id: z.string().regex(/^[一二三四五六七八九十]+\.\d+$/, { message: "expects an id such as 二.3" }),
  text: z.string().min(1),
  lead: z.array(z.string().min(1)),
  responsible: z.array(z.string().min(1)),
  /** 配合单位. */
  support: z.array(z.string().min(1)).default([]),
  indicators: z.array(indicatorSchema).default([]),
  deadlines: z.array(deadlineSchema).default([]),
});

export const sectionSchema = z.object({
  /** "二" for (二). */
  no: z.string().regex(/^[一二三四五六七八九十]+$/),
  title: z.string().min(1),
  tasks: z.array(taskSchema),
});

export const unitSchema = z.object({
  /** Canonical name, e.g. 市经信局. */
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  /** The unit group this unit belongs to (e.g. 各区人民政府), or null. */
  group: z.string().nullable().default(null),
});

export const unitGroupSchema = z.object({
  /** e.g. 各区人民政府 (defined in the document by 各区人民政府〈含开发区管委会,下同〉). */
  name: z.string().min(1),
  members: z.array(z.string().min(1)),
  aliases: z.array(z.string().min(1)).default([]),
});

export const collectionKindSchema = z.enum(["monthly", "filing", "half_year", "annual"]);
export type CollectionKind = z.infer<typeof collectionKindSchema>;

export const milestoneSchema = z.object({
  text: z.string().min(1),
  due: isoDate,
  /** True when every unit must submit something by this date (it becomes a round). */
  unitsMustSubmit: z.boolean(),
  /** The round it opens when units submit: filing (备案), half_year (半年小结), annual (全年总结). */
  collectionKind: collectionKindSchema.nullable().default(null),
});

export const phaseSchema = z.object({
  name: z.string().min(1),
  start: isoDate.nullable(),
  end: isoDate,
  milestones: z.array(milestoneSchema).default([]),
});

export const rhythmSchema = z.object({
  /**
   * monthly_dispatch 月调度 | quarterly_dispatch 季度调度 (units report each quarter) | quarterly_bulletin 季通报 |
   * half_year_check 半年检查 | annual_summary 全年总结.
   */
  kind: z.enum([
    "monthly_dispatch",
    "quarterly_dispatch",
    "quarterly_bulletin",
    "half_year_check",
    "annual_summary",
  ]),
  text: z.string().min(1),
  /** The day of the month the plan says units report by (每月5日前报送 → 5); the monthly round is due then. */
  day: z.number().int().min(1).max(31).optional(),
});

export const rosterRoleSchema = z.enum(["leader", "deputy_leader", "member"]);

export const rosterEntrySchema = z.object({
  name: z.string().min(1),
  title: z.string().min(1),
  unit: z.string().min(1),
  role: rosterRoleSchema,
  /** Every post for people who hold two (e.g. a development zone and its district). */
  posts: z.array(z.object({ title: z.string(), unit: z.string() })).default([]),
});

export const goalSchema = z.object({
  text: z.string().min(1),
  indicators: z.array(indicatorSchema).default([]),
});

export const planSchema = z.object({
  /** Stable slug; `plan load` derives it from the file name when absent. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .optional(),
  title: z.string().min(1),
  issuer: z.string().min(1),
  date: isoDate.nullable(),
  timezone: z.string().default("Asia/Shanghai"),
  goals: z.array(goalSchema).default([]),
  sections: z.array(sectionSchema).min(1),
  units: z.array(unitSchema),
  unitGroups: z.array(unitGroupSchema).default([]),
  phases: z.array(phaseSchema).default([]),
  rhythm: z.array(rhythmSchema).default([]),
  /** 每个承办单位明确 N 名联络员. */
  liaisonsPerUnit: z.number().int().positive().default(1),
  /** 领导小组办公室: the unit that hosts the office. */
  officeUnit: z.string().nullable().default(null),
  roster: z.array(rosterEntrySchema).default([]),
  /** What the importer could not read, with line numbers (and, for Word/PDF, the paragraph, page or table row). Not loaded. */
  warnings: z
    .array(z.object({ line: z.number().int(), message: z.string(), where: z.string().optional() }))
    .optional(),
});
export type Plan = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;

/** Every unit or group name a task refers to must be in the catalog. Returns human-readable problems. */
export function checkPlanReferences(plan: Plan): string[] {
  const known = new Set<string>([...plan.units.map((u) => u.name), ...plan.unitGroups.map((g) => g.name)]);
  const problems: string[] = [];
  for (const section of plan.sections) {
    for (const task of section.tasks) {
      if (task.id !== `${section.no}.${task.no}`)
        problems.push(`任务 ${task.id}: id 应为 ${section.no}.${task.no}`);
      for (const name of [...task.lead, ...task.responsible, ...task.support]) {
        if (!known.has(name)) problems.push(`任务 ${task.id}：单位「${name}」不在单位目录中`);
      }
    }
  }
  for (const group of plan.unitGroups) {
    for (const m of group.members) {
      if (!plan.units.some((u) => u.name === m))
        problems.push(`单位组「${group.name}」：成员「${m}」不在单位目录中`);
    }
  }
  const ids = plan.sections.flatMap((s) => s.tasks.map((t) => t.id));
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  for (const id of new Set(dup)) problems.push(`任务编号 ${id} 重复`);
  return problems;
}
