import { sql } from "drizzle-orm";
import * as pg from "drizzle-orm/pg-core";
import { planColumn, plans, units } from "./plan";

/** 飞书群: a group chat (or p2p chat) the bot is in, bound to the plan it serves. */
export const chats = pg.pgTable(
  "chats",
  {
    chatId: pg.text("chat_id").primaryKey(),
    planId: pg.text("plan_id").references(() => plans.id, { onDelete: "set null" }),
    name: pg.text("name").notNull().default(""),
    chatType: pg
      .text("chat_type", { enum: ["group", "p2p"] })
      .notNull()
      .default("group"),
    /** The office's working chat for this plan: escalations and bulletin drafts go here. */
    isOffice: pg.boolean("is_office").notNull().default(false),
    botPresent: pg.boolean("bot_present").notNull().default(true),
    joinedAt: pg.timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
    leftAt: pg.timestamp("left_at", { withTimezone: true }),
  },
  (t) => [pg.index("chats_plan").on(t.planId)],
);

/** 群成员: who is in a chat now (kept current by member added/deleted events). */
export const chatMembers = pg.pgTable(
  "chat_members",
  {
    chatId: pg
      .text("chat_id")
      .notNull()
      .references(() => chats.chatId, { onDelete: "cascade" }),
    openId: pg.text("open_id").notNull(),
    name: pg.text("name").notNull().default(""),
    present: pg.boolean("present").notNull().default(true),
    joinedAt: pg.timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
    leftAt: pg.timestamp("left_at", { withTimezone: true }),
  },
  (t) => [
    pg.uniqueIndex("chat_members_pk").on(t.chatId, t.openId),
    pg.index("chat_members_open_id").on(t.openId),
  ],
);

/**
 * 成员角色: a person's role in a plan. One row per (person, role, unit):
 * office (领导小组办公室) and leader (组长/副组长) are plan-wide (unit_id null);
 * liaison (联络员) and deputy (副联络员) belong to a unit; member is a plain participant.
 * At most one primary liaison per unit per plan (partial unique index).
 */
export const members = pg.pgTable(
  "members",
  {
    id: pg.serial("id").primaryKey(),
    planId: planColumn(),
    openId: pg.text("open_id").notNull(),
    name: pg.text("name").notNull().default(""),
    role: pg.text("role", { enum: ["office", "leader", "liaison", "deputy", "member"] }).notNull(),
    unitId: pg.integer("unit_id").references(() => units.id, { onDelete: "cascade" }),
    grantedBy: pg.text("granted_by"),
    createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    pg.uniqueIndex("members_role_unique").on(t.planId, t.openId, t.role, sql`coalesce(${t.unitId}, 0)`),
    pg.uniqueIndex("members_one_liaison").on(t.planId, t.unitId).where(sql`${t.role} = 'liaison'`),
    pg.index("members_plan_unit").on(t.planId, t.unitId),
    pg.index("members_open_id").on(t.openId),
  ],
);

/** 绑定申请: a /bind request waiting for the office to approve (when the unit already has a liaison). */
export const bindRequests = pg.pgTable(
  "bind_requests",
  {
    id: pg.serial("id").primaryKey(),
    planId: planColumn(),
    openId: pg.text("open_id").notNull(),
    name: pg.text("name").notNull().default(""),
    unitId: pg
      .integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    role: pg.text("role", { enum: ["liaison", "deputy"] }).notNull(),
    state: pg
      .text("state", { enum: ["pending", "approved", "rejected"] })
      .notNull()
      .default("pending"),
    decidedBy: pg.text("decided_by"),
    createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    decidedAt: pg.timestamp("decided_at", { withTimezone: true }),
    detail: pg.jsonb("detail").notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [pg.index("bind_requests_plan_state").on(t.planId, t.state)],
);
