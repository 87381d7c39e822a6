import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/** 工作方案: one work plan. `id` is a stable slug (e.g. wuhan-2022-proposal-1). */
export const plans = pgTable("plans", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  issuer: text("issuer").notNull(),
  issuedOn: date("issued_on", { mode: "string" }),
  timezone: text("timezone").notNull().default("Asia/Shanghai"),
  /** The plan format document (docs/contract.md) as last loaded. */
  document: jsonb("document").notNull(),
  /** SHA-256 of the canonical document: loading the same plan twice changes nothing. */
  contentHash: text("content_hash").notNull(),
  /** Per-plan settings: due day of month, nudge ladder, quiet hours (docs/schedule.md). */
  settings: jsonb("settings").notNull().default(sql`'{}'::jsonb`),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  /** Closed by the office (/plan close): read-only from then on, skipped by the scheduler, still exportable. */
  archivedAt: timestamp("archived_at", { withTimezone: true }),
  archivedBy: text("archived_by"),
});

/** plan_id of a row that belongs to its plan and goes with it (plan structure, never a record of work). */
export const planColumn = () =>
  text("plan_id")
    .notNull()
    .references(() => plans.id, { onDelete: "cascade" });

/**
 * 单位: an organisation that reports (市经信局), or a group of them (各区人民政府) when kind = 'group'.
 * A unit that disappears from a revised plan is retired (retired_at), never deleted: reports point at it.
 */
export const units = pgTable(
  "units",
  {
    id: serial("id").primaryKey(),
    planId: planColumn(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["unit", "group"] })
      .notNull()
      .default("unit"),
    aliases: jsonb("aliases").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    ordinal: integer("ordinal").notNull().default(0),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("units_plan_name").on(t.planId, t.name)],
);

/** 单位组成员: which units a group (kind = 'group') stands for. */
export const unitGroupMembers = pgTable(
  "unit_group_members",
  {
    groupId: integer("group_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
  },
  (t) => [
    uniqueIndex("unit_group_members_pk").on(t.groupId, t.unitId),
    index("unit_group_members_unit").on(t.unitId),
  ],
);

/** 工作任务 sections: 二、(一) 夯实数字新基建. */
export const sections = pgTable(
  "sections",
  {
    id: serial("id").primaryKey(),
    planId: planColumn(),
    no: text("no").notNull(),
    ordinal: integer("ordinal").notNull(),
    title: text("title").notNull(),
  },
  (t) => [uniqueIndex("sections_plan_no").on(t.planId, t.no)],
);

/** 任务: code is section and number, e.g. 二.3. Retired (not deleted) when a revision drops it. */
export const tasks = pgTable(
  "tasks",
  {
    id: serial("id").primaryKey(),
    planId: planColumn(),
    sectionId: integer("section_id")
      .notNull()
      .references(() => sections.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    ordinal: integer("ordinal").notNull(),
    text: text("text").notNull(),
    /** Deadlines written inside the task (10月底前, 年底前) as in the plan format. */
    deadlines: jsonb("deadlines").notNull().default(sql`'[]'::jsonb`),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("tasks_plan_code").on(t.planId, t.code)],
);

/** 任务分工: task ↔ unit (or unit group) with role 牵头 lead / 责任 responsible / 配合 support. */
export const taskUnits = pgTable(
  "task_units",
  {
    taskId: integer("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["lead", "responsible", "support"] }).notNull(),
  },
  (t) => [
    uniqueIndex("task_units_pk").on(t.taskId, t.unitId, t.role),
    index("task_units_unit").on(t.unitId),
    // The schedule reads every task's lead units at each tick (escalations to the lead): one in ~50 rows.
    index("task_units_lead").on(t.taskId, t.unitId).where(sql`${t.role} = 'lead'`),
  ],
);

/**
 * 指标: a quantitative target on a goal (task_id null, goal_index set) or on a task.
 * comparator: '>=' (以上), '~' (左右), '<=' (以内), '=' (exact).
 */
export const indicators = pgTable(
  "indicators",
  {
    id: serial("id").primaryKey(),
    planId: planColumn(),
    taskId: integer("task_id").references(() => tasks.id, { onDelete: "cascade" }),
    goalIndex: integer("goal_index"),
    /** Stable key within the plan: "goal.0.1" or "二.3.0". */
    key: text("key").notNull(),
    name: text("name").notNull(),
    target: numeric("target", { mode: "number" }).notNull(),
    unitOfMeasure: text("unit_of_measure").notNull().default(""),
    comparator: text("comparator", { enum: [">=", "~", "<=", "="] })
      .notNull()
      .default(">="),
    ordinal: integer("ordinal").notNull().default(0),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("indicators_plan_key").on(t.planId, t.key),
    check("indicators_scope", sql`(${t.taskId} is null) <> (${t.goalIndex} is null)`),
  ],
);

/** 工作安排 阶段: 动员部署 / 办理落实 / 督促检查. */
export const phases = pgTable(
  "phases",
  {
    id: serial("id").primaryKey(),
    planId: planColumn(),
    ordinal: integer("ordinal").notNull(),
    name: text("name").notNull(),
    start: date("start", { mode: "string" }),
    end: date("end", { mode: "string" }).notNull(),
  },
  (t) => [uniqueIndex("phases_plan_ordinal").on(t.planId, t.ordinal)],
);

/** 节点: a dated milestone; when units_must_submit, it becomes a collection (备案, 半年小结, 全年总结). */
export const milestones = pgTable(
  "milestones",
  {
    id: serial("id").primaryKey(),
    planId: planColumn(),
    phaseId: integer("phase_id")
      .notNull()
      .references(() => phases.id, { onDelete: "cascade" }),
    ordinal: integer("ordinal").notNull(),
    text: text("text").notNull(),
    due: date("due", { mode: "string" }).notNull(),
    unitsMustSubmit: boolean("units_must_submit").notNull().default(false),
    /** The collection kind this milestone opens, when units submit something: filing | half_year | annual. */
    collectionKind: text("collection_kind"),
  },
  (t) => [uniqueIndex("milestones_phase_ordinal").on(t.phaseId, t.ordinal)],
);

/** 领导小组名单: people named in the plan's roster, used to suggest member → unit mappings. */
export const rosterPeople = pgTable(
  "roster_people",
  {
    id: serial("id").primaryKey(),
    planId: planColumn(),
    ordinal: integer("ordinal").notNull(),
    name: text("name").notNull(),
    title: text("title").notNull(),
    unitId: integer("unit_id").references(() => units.id, { onDelete: "set null" }),
    unitName: text("unit_name").notNull(),
    /** leader (组长) | deputy_leader (副组长) | member (成员). */
    role: text("role", { enum: ["leader", "deputy_leader", "member"] }).notNull(),
  },
  (t) => [
    uniqueIndex("roster_plan_ordinal").on(t.planId, t.ordinal),
    index("roster_plan_name").on(t.planId, t.name),
  ],
);

/**
 * 方案导入草稿: a plan document the office sent to the bot, read into the plan format and held until the
 * office presses 导入 (applied) or 取消 (cancelled). Nothing in the plan tables changes before that.
 */
export const planDrafts = pgTable("plan_drafts", {
  id: text("id").primaryKey(),
  /** The plan id it will load as (a loaded plan's id when the file revises it). */
  planId: text("plan_id").notNull(),
  fileName: text("file_name").notNull(),
  document: jsonb("document").notNull(),
  createdBy: text("created_by").notNull(),
  state: text("state", { enum: ["open", "applied", "cancelled"] })
    .notNull()
    .default("open"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  closedAt: timestamp("closed_at", { withTimezone: true }),
});
