import { sql } from "drizzle-orm";
import {
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
import { indicators, milestones, planColumn, plans, tasks, units } from "./plan";

/**
 * The plan's whole year beyond the monthly reports (docs/year.md): goals (目标指标) and who reports them,
 * coordination items (协调事项) and delegates' suggestions (代表意见建议) carried to 销号, and the office's own
 * milestones (节点) marked done.
 */

/** 目标指标责任单位: the unit that reports a goal indicator (indicators with goal_index set). */
export const goalOwners = pgTable("goal_owners", {
  indicatorId: integer("indicator_id")
    .primaryKey()
    .references(() => indicators.id, { onDelete: "cascade" }),
  unitId: integer("unit_id")
    .notNull()
    .references(() => units.id, { onDelete: "cascade" }),
  setBy: text("set_by").notNull(),
  setAt: timestamp("set_at", { withTimezone: true }).notNull(),
});

/** 目标指标值: one reported value of a goal indicator (cumulative), with its as-of date and source. */
export const goalValues = pgTable(
  "goal_values",
  {
    id: serial("id").primaryKey(),
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    value: numeric("value", { mode: "number" }).notNull(),
    asOf: date("as_of", { mode: "string" }).notNull(),
    source: text("source").notNull().default(""),
    reportedBy: text("reported_by").notNull(),
    reportedAt: timestamp("reported_at", { withTimezone: true }).notNull(),
    /** A replayed click stores one value. */
    idempotencyKey: text("idempotency_key").notNull(),
  },
  (t) => [
    uniqueIndex("goal_values_idempotency").on(t.idempotencyKey),
    index("goal_values_indicator").on(t.indicatorId, t.reportedAt),
  ],
);

/**
 * 事项: a coordination item (kind coord: a report's 需协调解决的问题) or a delegate's suggestion (kind suggestion,
 * recorded by the office). state: open → assigned (交办) → answered (办理情况) → confirmed | disputed → closed (销号).
 */
export const coordItems = pgTable(
  "coord_items",
  {
    id: serial("id").primaryKey(),
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["coord", "suggestion"] }).notNull(),
    /** The raising unit (coord); null for a suggestion. */
    unitId: integer("unit_id").references(() => units.id, { onDelete: "set null" }),
    taskId: integer("task_id").references(() => tasks.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    /** Whitespace and punctuation stripped: a repeat next month matches on (unit, task, match_text). */
    matchText: text("match_text").notNull(),
    /** Suggestion: the delegate and the occasion (视察, 座谈 …). */
    delegate: text("delegate"),
    occasion: text("occasion"),
    raisedOn: date("raised_on", { mode: "string" }).notNull(),
    lastRaisedOn: date("last_raised_on", { mode: "string" }).notNull(),
    /** How many later reports raised it again. */
    repeats: integer("repeats").notNull().default(0),
    /** Later reports' texts the liaison confirmed as the same matter (是否同一事项 → 是). */
    followUps: jsonb("follow_ups")
      .$type<Array<{ on: string; text: string; reportId: number }>>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    reportId: integer("report_id"),
    state: text("state", { enum: ["open", "assigned", "answered", "confirmed", "disputed", "closed"] })
      .notNull()
      .default("open"),
    due: date("due", { mode: "string" }),
    closeNote: text("close_note"),
    closedBy: text("closed_by"),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("coord_items_plan_state").on(t.planId, t.kind, t.state),
    uniqueIndex("coord_items_report").on(t.reportId).where(sql`${t.reportId} is not null`),
  ],
);

/** 交办: a unit an item was assigned to, and its answer (办理情况). */
export const coordAssignees = pgTable(
  "coord_assignees",
  {
    itemId: integer("item_id")
      .notNull()
      .references(() => coordItems.id, { onDelete: "cascade" }),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    assignedBy: text("assigned_by").notNull(),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull(),
    answer: text("answer"),
    answeredBy: text("answered_by"),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("coord_assignees_pk").on(t.itemId, t.unitId),
    index("coord_assignees_unit").on(t.unitId),
  ],
);

/** 节点办结: the office marked one of its own milestones done, with a note and an attachment link. */
export const milestoneMarks = pgTable("milestone_marks", {
  milestoneId: integer("milestone_id")
    .primaryKey()
    .references(() => milestones.id, { onDelete: "cascade" }),
  doneOn: date("done_on", { mode: "string" }).notNull(),
  note: text("note").notNull().default(""),
  attachmentUrl: text("attachment_url"),
  markedBy: text("marked_by").notNull(),
  markedAt: timestamp("marked_at", { withTimezone: true }).notNull(),
});

/**
 * 测评结果: what the office records on the plan after the 满意度测评 (/plan result). Each record is a new row,
 * never an overwrite; the newest is the plan's result.
 */
export const planResults = pgTable(
  "plan_results",
  {
    id: serial("id").primaryKey(),
    planId: planColumn(),
    text: text("text").notNull(),
    recordedBy: text("recorded_by").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("plan_results_plan").on(t.planId, t.recordedAt)],
);
