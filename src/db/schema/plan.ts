import { sql } from "drizzle-orm";
import * as pg from "drizzle-orm/pg-core";

/** 工作方案: one work plan. `id` is a stable slug (e.g. wuhan-2022-proposal-1). */
export const plans = pg.pgTable("plans", {
  id: pg.text("id").primaryKey(),
  title: pg.text("title").notNull(),
  issuer: pg.text("issuer").notNull(),
  issuedOn: pg.date("issued_on", { mode: "string" }),
  timezone: pg.text("timezone").notNull().default("Asia/Shanghai"),
  /** The plan format document (docs/contract.md) as last loaded. */
  document: pg.jsonb("document").notNull(),
  /** SHA-256 of the canonical document: loading the same plan twice changes nothing. */
  contentHash: pg.text("content_hash").notNull(),
  /** Per-plan settings: due day of month, nudge ladder, quiet hours (docs/schedule.md). */
  settings: pg.jsonb("settings").notNull().default(sql`'{}'::jsonb`),
  createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: pg.timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  /** Closed by the office (/plan close): read-only from then on, skipped by the scheduler, still exportable. */
  archivedAt: pg.timestamp("archived_at", { withTimezone: true }),
  archivedBy: pg.text("archived_by"),
});

/** plan_id of a row that belongs to its plan and goes with it (plan structure, never a record of work). */
export const planColumn = () =>
  pg
    .text("plan_id")
    .notNull()
    .references(() => plans.id, { onDelete: "cascade" });

/**
 * 单位: an organisation that reports (市经信局), or a group of them (各区人民政府) when kind = 'group'.
 * A unit that disappears from a revised plan is retired (retired_at), never deleted: reports point at it.
 */
export const units = pg.pgTable(
  "units",
  {
    id: pg.serial("id").primaryKey(),
    planId: planColumn(),
    name: pg.text("name").notNull(),
    kind: pg
      .text("kind", { enum: ["unit", "group"] })
      .notNull()
      .default("unit"),
    aliases: pg.jsonb("aliases").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    ordinal: pg.integer("ordinal").notNull().default(0),
    retiredAt: pg.timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [pg.uniqueIndex("units_plan_name").on(t.planId, t.name)],
);

/** 单位组成员: which units a group (kind = 'group') stands for. */
export const unitGroupMembers = pg.pgTable(
  "unit_group_members",
  {
    groupId: pg
      .integer("group_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    unitId: pg
      .integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
  },
  (t) => [
    pg.uniqueIndex("unit_group_members_pk").on(t.groupId, t.unitId),
    pg.index("unit_group_members_unit").on(t.unitId),
  ],
);

/** 工作任务 sections: 二、(一) 夯实数字新基建. */
export const sections = pg.pgTable(
  "sections",
  {
    id: pg.serial("id").primaryKey(),
    planId: planColumn(),
    no: pg.text("no").notNull(),
    ordinal: pg.integer("ordinal").notNull(),
    title: pg.text("title").notNull(),
  },
  (t) => [pg.uniqueIndex("sections_plan_no").on(t.planId, t.no)],
);

/** 任务: code is section and number, e.g. 二.3. Retired (not deleted) when a revision drops it. */
export const tasks = pg.pgTable(
  "tasks",
  {
    id: pg.serial("id").primaryKey(),
    planId: planColumn(),
    sectionId: pg
      .integer("section_id")
      .notNull()
      .references(() => sections.id, { onDelete: "cascade" }),
    code: pg.text("code").notNull(),
    ordinal: pg.integer("ordinal").notNull(),
    text: pg.text("text").notNull(),
    /** Deadlines written inside the task (10月底前, 年底前) as in the plan format. */
    deadlines: pg.jsonb("deadlines").notNull().default(sql`'[]'::jsonb`),
    retiredAt: pg.timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [pg.uniqueIndex("tasks_plan_code").on(t.planId, t.code)],
);

/** 任务分工: task ↔ unit (or unit group) with role 牵头 lead / 责任 responsible / 配合 support. */
export const taskUnits = pg.pgTable(
  "task_units",
  {
    taskId: pg
      .integer("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    unitId: pg
      .integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    role: pg.text("role", { enum: ["lead", "responsible", "support"] }).notNull(),
  },
  (t) => [
    pg.uniqueIndex("task_units_pk").on(t.taskId, t.unitId, t.role),
    pg.index("task_units_unit").on(t.unitId),
    // The schedule reads every task's lead units at each tick (escalations to the lead): one in ~50 rows.
    pg.index("task_units_lead").on(t.taskId, t.unitId).where(sql`${t.role} = 'lead'`),
  ],
);

/**
 * 指标: a quantitative target on a goal (task_id null, goal_index set) or on a task.
 * comparator: '>=' (以上), '~' (左右), '<=' (以内), '=' (exact).
 */
export const indicators = pg.pgTable(
  "indicators",
  {
    id: pg.serial("id").primaryKey(),
    planId: planColumn(),
    taskId: pg.integer("task_id").references(() => tasks.id, { onDelete: "cascade" }),
    goalIndex: pg.integer("goal_index"),
    /** Stable key within the plan: "goal.0.1" or "二.3.0". */
    key: pg.text("key").notNull(),
    name: pg.text("name").notNull(),
    target: pg.numeric("target", { mode: "number" }).notNull(),
    unitOfMeasure: pg.text("unit_of_measure").notNull().default(""),
    comparator: pg
      .text("comparator", { enum: [">=", "~", "<=", "="] })
      .notNull()
      .default(">="),
    ordinal: pg.integer("ordinal").notNull().default(0),
    retiredAt: pg.timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [
    pg.uniqueIndex("indicators_plan_key").on(t.planId, t.key),
    pg.check("indicators_scope", sql`(${t.taskId} is null) <> (${t.goalIndex} is null)`),
  ],
);

/** 工作安排 阶段: 动员部署 / 办理落实 / 督促检查. */
export const phases = pg.pgTable(
  "phases",
  {
    id: pg.serial("id").primaryKey(),
    planId: planColumn(),
    ordinal: pg.integer("ordinal").notNull(),
    name: pg.text("name").notNull(),
    start: pg.date("start", { mode: "string" }),
    end: pg.date("end", { mode: "string" }).notNull(),
  },
  (t) => [pg.uniqueIndex("phases_plan_ordinal").on(t.planId, t.ordinal)],
);

/** 节点: a dated milestone; when units_must_submit, it becomes a round (备案, 半年小结, 全年总结). */
export const milestones = pg.pgTable(
  "milestones",
  {
    id: pg.serial("id").primaryKey(),
    planId: planColumn(),
    phaseId: pg
      .integer("phase_id")
      .notNull()
      .references(() => phases.id, { onDelete: "cascade" }),
    ordinal: pg.integer("ordinal").notNull(),
    text: pg.text("text").notNull(),
    due: pg.date("due", { mode: "string" }).notNull(),
    unitsMustSubmit: pg.boolean("units_must_submit").notNull().default(false),
    /** The collection kind this milestone opens, when units submit something: filing | half_year | annual. */
    collectionKind: pg.text("collection_kind"),
  },
  (t) => [pg.uniqueIndex("milestones_phase_ordinal").on(t.phaseId, t.ordinal)],
);

/** 领导小组名单: people named in the plan's roster, used to suggest member → unit mappings. */
export const rosterPeople = pg.pgTable(
  "roster_people",
  {
    id: pg.serial("id").primaryKey(),
    planId: planColumn(),
    ordinal: pg.integer("ordinal").notNull(),
    name: pg.text("name").notNull(),
    title: pg.text("title").notNull(),
    unitId: pg.integer("unit_id").references(() => units.id, { onDelete: "set null" }),
    unitName: pg.text("unit_name").notNull(),
    /** leader (组长) | deputy_leader (副组长) | member (成员). */
    role: pg.text("role", { enum: ["leader", "deputy_leader", "member"] }).notNull(),
  },
  (t) => [
    pg.uniqueIndex("roster_plan_ordinal").on(t.planId, t.ordinal),
    pg.index("roster_plan_name").on(t.planId, t.name),
  ],
);

/**
 * 方案导入草稿: a plan document the office sent to the bot, read into the plan format and held until the
 * office presses 导入 (applied) or 取消 (cancelled). Nothing in the plan tables changes before that.
 */
export const planDrafts = pg.pgTable("plan_drafts", {
  id: pg.text("id").primaryKey(),
  /** The plan id it will load as (a loaded plan's id when the file revises it). */
  planId: pg.text("plan_id").notNull(),
  fileName: pg.text("file_name").notNull(),
  document: pg.jsonb("document").notNull(),
  createdBy: pg.text("created_by").notNull(),
  state: pg
    .text("state", { enum: ["open", "applied", "cancelled"] })
    .notNull()
    .default("open"),
  createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull(),
  closedAt: pg.timestamp("closed_at", { withTimezone: true }),
});
