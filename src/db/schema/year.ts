import { sql } from "drizzle-orm";
import * as pg from "drizzle-orm/pg-core";
import { indicators, milestones, planColumn, plans, tasks, units } from "./plan";

/**
 * The plan's whole year beyond the monthly reports (docs/year.md): goals (目标指标) and who reports them,
 * coordination items (协调事项) and delegates' suggestions (代表意见建议) carried to 销号, and the office's own
 * milestones (节点) marked done.
 */

/** 目标指标责任单位: the unit that reports a goal indicator (indicators with goal_index set). */
export const goalOwners = pg.pgTable("goal_owners", {
  indicatorId: pg
    .integer("indicator_id")
    .primaryKey()
    .references(() => indicators.id, { onDelete: "cascade" }),
  unitId: pg
    .integer("unit_id")
    .notNull()
    .references(() => units.id, { onDelete: "cascade" }),
  setBy: pg.text("set_by").notNull(),
  setAt: pg.timestamp("set_at", { withTimezone: true }).notNull(),
});

/** 目标指标值: one reported value of a goal indicator (cumulative), with its as-of date and source. */
export const goalValues = pg.pgTable(
  "goal_values",
  {
    id: pg.serial("id").primaryKey(),
    indicatorId: pg
      .integer("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    unitId: pg
      .integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    value: pg.numeric("value", { mode: "number" }).notNull(),
    asOf: pg.date("as_of", { mode: "string" }).notNull(),
    source: pg.text("source").notNull().default(""),
    reportedBy: pg.text("reported_by").notNull(),
    reportedAt: pg.timestamp("reported_at", { withTimezone: true }).notNull(),
    /** A replayed click stores one value. */
    idempotencyKey: pg.text("idempotency_key").notNull(),
  },
  (t) => [
    pg.uniqueIndex("goal_values_idempotency").on(t.idempotencyKey),
    pg.index("goal_values_indicator").on(t.indicatorId, t.reportedAt),
  ],
);

/**
 * 事项: a coordination item (kind coord: a report's 需协调解决的问题) or a delegate's suggestion (kind suggestion,
 * recorded by the office). state: open → assigned (交办) → answered (办理情况) → confirmed | disputed → closed (销号).
 */
export const coordItems = pg.pgTable(
  "coord_items",
  {
    id: pg.serial("id").primaryKey(),
    planId: pg
      .text("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    kind: pg.text("kind", { enum: ["coord", "suggestion"] }).notNull(),
    /** The raising unit (coord); null for a suggestion. */
    unitId: pg.integer("unit_id").references(() => units.id, { onDelete: "set null" }),
    taskId: pg.integer("task_id").references(() => tasks.id, { onDelete: "set null" }),
    text: pg.text("text").notNull(),
    /** Whitespace and punctuation stripped: a repeat next month matches on (unit, task, match_text). */
    matchText: pg.text("match_text").notNull(),
    /** Suggestion: the delegate and the occasion (视察, 座谈 …). */
    delegate: pg.text("delegate"),
    occasion: pg.text("occasion"),
    raisedOn: pg.date("raised_on", { mode: "string" }).notNull(),
    lastRaisedOn: pg.date("last_raised_on", { mode: "string" }).notNull(),
    /** How many later reports raised it again. */
    repeats: pg.integer("repeats").notNull().default(0),
    /** Later reports' texts the liaison confirmed as the same matter (是否同一事项 → 是). */
    followUps: pg
      .jsonb("follow_ups")
      .$type<Array<{ on: string; text: string; reportId: number }>>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    reportId: pg.integer("report_id"),
    state: pg
      .text("state", { enum: ["open", "assigned", "answered", "confirmed", "disputed", "closed"] })
      .notNull()
      .default("open"),
    due: pg.date("due", { mode: "string" }),
    closeNote: pg.text("close_note"),
    closedBy: pg.text("closed_by"),
    closedAt: pg.timestamp("closed_at", { withTimezone: true }),
    createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    pg.index("coord_items_plan_state").on(t.planId, t.kind, t.state),
    pg.uniqueIndex("coord_items_report").on(t.reportId).where(sql`${t.reportId} is not null`),
  ],
);

/** 交办: a unit an item was assigned to, and its answer (办理情况). */
export const coordAssignees = pg.pgTable(
  "coord_assignees",
  {
    itemId: pg
      .integer("item_id")
      .notNull()
      .references(() => coordItems.id, { onDelete: "cascade" }),
    unitId: pg
      .integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    assignedBy: pg.text("assigned_by").notNull(),
    assignedAt: pg.timestamp("assigned_at", { withTimezone: true }).notNull(),
    answer: pg.text("answer"),
    answeredBy: pg.text("answered_by"),
    answeredAt: pg.timestamp("answered_at", { withTimezone: true }),
  },
  (t) => [
    pg.uniqueIndex("coord_assignees_pk").on(t.itemId, t.unitId),
    pg.index("coord_assignees_unit").on(t.unitId),
  ],
);

/** 节点办结: the office marked one of its own milestones done, with a note and an attachment link. */
export const milestoneMarks = pg.pgTable("milestone_marks", {
  milestoneId: pg
    .integer("milestone_id")
    .primaryKey()
    .references(() => milestones.id, { onDelete: "cascade" }),
  doneOn: pg.date("done_on", { mode: "string" }).notNull(),
  note: pg.text("note").notNull().default(""),
  attachmentUrl: pg.text("attachment_url"),
  markedBy: pg.text("marked_by").notNull(),
  markedAt: pg.timestamp("marked_at", { withTimezone: true }).notNull(),
});

/**
 * 测评结果: what the office records on the plan after the 满意度测评 (/plan result). Each record is a new row,
 * never an overwrite; the newest is the plan's result.
 */
export const planResults = pg.pgTable(
  "plan_results",
  {
    id: pg.serial("id").primaryKey(),
    planId: planColumn(),
    text: pg.text("text").notNull(),
    recordedBy: pg.text("recorded_by").notNull(),
    recordedAt: pg.timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [pg.index("plan_results_plan").on(t.planId, t.recordedAt)],
);
