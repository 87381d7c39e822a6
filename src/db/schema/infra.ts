import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/**
 * 已处理事件: inbound dedup on Feishu's event_id, written before any effect.
 * state: pending (claimed, its handler has not finished) → done | failed (gave up after retries).
 * payload holds the normalized event so a pending event whose handler failed or whose process died is run
 * again (retry_at is the lease / next attempt): an acked event is never lost.
 */
export const processedEvents = pgTable(
  "processed_events",
  {
    eventId: text("event_id").primaryKey(),
    eventType: text("event_type").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    state: text("state", { enum: ["pending", "done", "failed"] })
      .notNull()
      .default("done"),
    payload: jsonb("payload"),
    attempts: integer("attempts").notNull().default(0),
    retryAt: timestamp("retry_at", { withTimezone: true }),
    lastError: text("last_error"),
    handledAt: timestamp("handled_at", { withTimezone: true }),
  },
  (t) => [
    index("processed_events_received").on(t.receivedAt),
    index("processed_events_due").on(t.retryAt).where(sql`${t.state} = 'pending'`),
  ],
);

/**
 * 发件箱: every message the bot means to send. key is the idempotency key and Feishu's uuid.
 * kind: send | reply | patch | urgent | file. state: pending → sending → sent | failed.
 * bucket is the per-chat or per-user rate-limit key.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    key: text("key").notNull().unique(),
    planId: text("plan_id"),
    kind: text("kind").notNull(),
    /** What the message is for (overview, nudge, escalation, reply, bulletin …), for the office's failure list. */
    purpose: text("purpose").notNull().default(""),
    bucket: text("bucket").notNull(),
    payload: jsonb("payload").notNull(),
    state: text("state", { enum: ["pending", "sending", "sent", "failed", "skipped"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    notBefore: timestamp("not_before", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    result: jsonb("result"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("outbox_due").on(t.state, t.notBefore).where(sql`${t.state} in ('pending','sending')`),
    index("outbox_plan_state").on(t.planId, t.state),
    // A card click names its message: which sent card it was is looked up on the callback's 3-second path.
    index("outbox_message_id").on(sql`(${t.result}->>'messageId')`),
  ],
);

/** 审计日志: every mapping, role and data change: who, when, before, after. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    planId: text("plan_id"),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    subject: text("subject").notNull().default(""),
    before: jsonb("before"),
    after: jsonb("after"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_plan_at").on(t.planId, t.at)],
);

/** 调休/节假日 overrides the office adds on top of the packaged Chinese calendar. */
export const calendarOverrides = pgTable("calendar_overrides", {
  day: date("day", { mode: "string" }).primaryKey(),
  workday: boolean("workday").notNull(),
  note: text("note").notNull().default(""),
  createdBy: text("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Key/value state the scheduler keeps between ticks (last tick time, per-plan cursors). */
export const schedulerState = pgTable("scheduler_state", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
