import { sql } from "drizzle-orm";
import * as pg from "drizzle-orm/pg-core";
import type { EvidenceFile } from "../../domain/evidence";
import { indicators, plans, tasks, units } from "./plan";

/**
 * 报送轮次: a reporting round. kind: monthly (月调度) | filing (工作方案备案) | half_year (半年小结) |
 * annual (全年总结) | selfcheck (自评: each lead unit assesses its tasks before the 满意度测评). period: '2022-06' for monthly, '2022-H1' / '2022' / '2022-03' for the others.
 */
export const rounds = pg.pgTable(
  "rounds",
  {
    id: pg.serial("id").primaryKey(),
    planId: pg
      .text("plan_id")
      .notNull()
      // Restrict, not cascade: a round holds reports, which are history; a plan is retired, never deleted.
      .references(() => plans.id, { onDelete: "restrict" }),
    kind: pg.text("kind", { enum: ["monthly", "filing", "half_year", "annual", "selfcheck"] }).notNull(),
    period: pg.text("period").notNull(),
    title: pg.text("title").notNull(),
    opensAt: pg.timestamp("opens_at", { withTimezone: true }).notNull(),
    dueAt: pg.timestamp("due_at", { withTimezone: true }).notNull(),
    closesAt: pg.timestamp("closes_at", { withTimezone: true }).notNull(),
    /** scheduled → open (requests created, cards queued) → closed. */
    state: pg
      .text("state", { enum: ["scheduled", "open", "closed"] })
      .notNull()
      .default("scheduled"),
    openedAt: pg.timestamp("opened_at", { withTimezone: true }),
    openedBy: pg.text("opened_by"),
    createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    pg.uniqueIndex("rounds_plan_kind_period").on(t.planId, t.kind, t.period),
    pg.index("rounds_plan_state").on(t.planId, t.state),
  ],
);

/**
 * 报送要求: one (round × unit × task). task_id is null for summary kinds that ask a unit for one document,
 * and for a goal (目标指标) its owner reports in a monthly round (indicator_id set).
 * reopened_until lets the office reopen a closed round for one unit.
 */
export const reportRequests = pg.pgTable(
  "report_requests",
  {
    id: pg.serial("id").primaryKey(),
    roundId: pg
      .integer("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "restrict" }),
    // Units and tasks are retired, never deleted, so that the reports written for them stay.
    unitId: pg
      .integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "restrict" }),
    taskId: pg.integer("task_id").references(() => tasks.id, { onDelete: "restrict" }),
    /** The goal indicator this request asks the value of (its owner's monthly card); null otherwise. */
    indicatorId: pg.integer("indicator_id").references(() => indicators.id, { onDelete: "restrict" }),
    /** lead | responsible: the unit's role on the task (drives the lead-unit view). */
    role: pg.text("role", { enum: ["lead", "responsible", "support"] }),
    /** Denormalised for set-based status queries; the truth is the latest revision in reports. */
    latestReportId: pg.integer("latest_report_id"),
    reopenedUntil: pg.timestamp("reopened_until", { withTimezone: true }),
    createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    pg.unique("report_requests_unique").on(t.roundId, t.unitId, t.taskId, t.indicatorId).nullsNotDistinct(),
    pg.index("report_requests_unit").on(t.unitId, t.roundId),
    // The schedule's snapshot reads only what is still missing (of open rounds, or reopened): a small part
    // of a table that grows by units × tasks every month. It reads those requests grouped per round and
    // unit, and every column it reads is in the index, so it is an index-only scan already in group order
    // (no heap visit, no sort: 1,000 plans' 374,477 missing requests in ≈0.3 s instead of ≈1 s).
    pg
      .index("report_requests_missing")
      .on(t.roundId, t.unitId, t.taskId, t.reopenedUntil)
      .where(sql`${t.latestReportId} is null`),
    pg.index("report_requests_reopened").on(t.reopenedUntil).where(sql`${t.reopenedUntil} is not null`),
  ],
);

/**
 * 报送: a revision of a unit's report on a request. Never updated: each submit inserts revision n+1. A trigger
 * (migration trust-b_reports_history) refuses UPDATE and DELETE of a stored row, so this holds for any writer.
 * status: not_started (未启动) | in_progress (推进中) | done (已完成) | behind (滞后) | blocked (受阻).
 * selfcheck: the lead unit's 自评 of its task in a selfcheck round: done (完成) | mostly (基本完成) | not_done (未完成).
 */
export const reports = pg.pgTable(
  "reports",
  {
    id: pg.serial("id").primaryKey(),
    requestId: pg
      .integer("request_id")
      .notNull()
      .references(() => reportRequests.id, { onDelete: "restrict" }),
    revision: pg.integer("revision").notNull(),
    submittedBy: pg.text("submitted_by").notNull(),
    submittedAt: pg.timestamp("submitted_at", { withTimezone: true }).notNull(),
    status: pg.text("status", { enum: ["not_started", "in_progress", "done", "behind", "blocked"] }),
    selfcheck: pg.text("selfcheck", { enum: ["done", "mostly", "not_done"] }),
    progress: pg.text("progress").notNull().default(""),
    problems: pg.text("problems"),
    evidenceUrl: pg.text("evidence_url"),
    documentUrl: pg.text("document_url"),
    /** Indicator values reported, cumulative: { [indicatorId]: number }. */
    indicatorValues: pg
      .jsonb("indicator_values")
      .$type<Record<string, number>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    late: pg.boolean("late").notNull().default(false),
    /** How the revision was made: the form, or a shortcut (本月无新进展, 同上月); see ReportKind. */
    kind: pg
      .text("kind", { enum: ["form", "no_progress", "same_as_last"] })
      .notNull()
      .default("form"),
    /** 佐证材料 sent to the bot as files or photos: Feishu message resources, kept by key. */
    evidenceFiles: pg.jsonb("evidence_files").$type<EvidenceFile[]>().notNull().default(sql`'[]'::jsonb`),
    /** Dedup of double clicks and replayed callbacks: the same key makes one revision. */
    idempotencyKey: pg.text("idempotency_key").notNull(),
  },
  (t) => [
    pg.uniqueIndex("reports_request_revision").on(t.requestId, t.revision),
    pg.uniqueIndex("reports_idempotency").on(t.idempotencyKey),
  ],
);

/** 单位卡片: the overview card sent to a unit for a round, patched in place as its state changes. */
export const unitCards = pg.pgTable(
  "unit_cards",
  {
    id: pg.serial("id").primaryKey(),
    roundId: pg
      .integer("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    unitId: pg
      .integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    recipient: pg.text("recipient").notNull(),
    messageId: pg.text("message_id"),
    outboxKey: pg.text("outbox_key").notNull(),
    updatedAt: pg.timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [pg.uniqueIndex("unit_cards_unique").on(t.roundId, t.unitId, t.recipient)],
);

/** 通报: a bulletin draft and its publication. */
export const bulletins = pg.pgTable(
  "bulletins",
  {
    id: pg.serial("id").primaryKey(),
    planId: pg
      .text("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    kind: pg.text("kind", { enum: ["month", "quarter", "half", "year"] }).notNull(),
    period: pg.text("period").notNull(),
    state: pg
      .text("state", { enum: ["draft", "published"] })
      .notNull()
      .default("draft"),
    title: pg.text("title").notNull(),
    body: pg.jsonb("body").notNull(),
    createdBy: pg.text("created_by"),
    createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    publishedBy: pg.text("published_by"),
    publishedAt: pg.timestamp("published_at", { withTimezone: true }),
  },
  (t) => [pg.index("bulletins_plan_kind_period").on(t.planId, t.kind, t.period)],
);
