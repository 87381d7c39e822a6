import { sql } from "drizzle-orm";
import * as pg from "drizzle-orm/pg-core";

/**
 * 已处理事件: inbound dedup on Feishu's event_id, written before any effect.
 * state: pending (claimed, its handler has not finished) → done | failed (gave up after retries).
 * payload holds the normalized event so a pending event whose handler failed or whose process died is run
 * again (retry_at is the lease / next attempt): an acked event is never lost. A done event's payload is cleared.
 * received_at is indexed with BRIN: only the hourly prune reads it, and rows arrive in received_at order, so a
 * few bytes per range of pages serve it where a btree took an entry for every version of every row.
 */
export const processedEvents = pg.pgTable(
  "processed_events",
  {
    eventId: pg.text("event_id").primaryKey(),
    eventType: pg.text("event_type").notNull(),
    receivedAt: pg.timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    state: pg
      .text("state", { enum: ["pending", "done", "failed"] })
      .notNull()
      .default("done"),
    payload: pg.jsonb("payload"),
    attempts: pg.integer("attempts").notNull().default(0),
    retryAt: pg.timestamp("retry_at", { withTimezone: true }),
    lastError: pg.text("last_error"),
    handledAt: pg.timestamp("handled_at", { withTimezone: true }),
  },
  (t) => [
    pg.index("processed_events_received").using("brin", t.receivedAt),
    pg.index("processed_events_due").on(t.retryAt).where(sql`${t.state} = 'pending'`),
  ],
);

/**
 * 发件箱: every message the bot means to send. key is the idempotency key and Feishu's uuid.
 * kind: send | reply | patch | urgent | file. state: pending → sending → sent | failed.
 * bucket is the per-chat or per-user rate-limit key.
 */
export const outbox = pg.pgTable(
  "outbox",
  {
    id: pg.bigserial("id", { mode: "number" }).primaryKey(),
    key: pg.text("key").notNull().unique(),
    planId: pg.text("plan_id"),
    kind: pg.text("kind").notNull(),
    /** What the message is for (overview, nudge, escalation, reply, bulletin …), for the office's failure list. */
    purpose: pg.text("purpose").notNull().default(""),
    bucket: pg.text("bucket").notNull(),
    payload: pg.jsonb("payload").notNull(),
    state: pg
      .text("state", { enum: ["pending", "sending", "sent", "failed", "skipped"] })
      .notNull()
      .default("pending"),
    attempts: pg.integer("attempts").notNull().default(0),
    notBefore: pg.timestamp("not_before", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: pg.timestamp("locked_until", { withTimezone: true }),
    lastError: pg.text("last_error"),
    result: pg.jsonb("result"),
    createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: pg.timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    pg.index("outbox_due").on(t.state, t.notBefore).where(sql`${t.state} in ('pending','sending')`),
    pg.index("outbox_plan_state").on(t.planId, t.state),
    // A card click names its message: which sent card it was is looked up on the callback's 3-second path.
    pg.index("outbox_message_id").on(sql`(${t.result}->>'messageId')`),
  ],
);

/** 审计日志: every mapping, role and data change: who, when, before, after. */
export const auditLog = pg.pgTable(
  "audit_log",
  {
    id: pg.bigserial("id", { mode: "number" }).primaryKey(),
    planId: pg.text("plan_id"),
    actor: pg.text("actor").notNull(),
    action: pg.text("action").notNull(),
    subject: pg.text("subject").notNull().default(""),
    before: pg.jsonb("before"),
    after: pg.jsonb("after"),
    at: pg.timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [pg.index("audit_plan_at").on(t.planId, t.at)],
);

/** 调休/节假日 overrides the office adds on top of the packaged Chinese calendar. */
export const calendarOverrides = pg.pgTable("calendar_overrides", {
  day: pg.date("day", { mode: "string" }).primaryKey(),
  workday: pg.boolean("workday").notNull(),
  note: pg.text("note").notNull().default(""),
  createdBy: pg.text("created_by"),
  createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Key/value state the scheduler keeps between ticks (last tick time, per-plan cursors). */
export const schedulerState = pg.pgTable("scheduler_state", {
  key: pg.text("key").primaryKey(),
  value: pg.jsonb("value").notNull(),
  updatedAt: pg.timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
