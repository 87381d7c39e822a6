import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { planColumn, plans, units } from "./plan";

/** 飞书群: a group chat (or p2p chat) the bot is in, bound to the plan it serves. */
export const chats = pgTable(
  "chats",
  {
    chatId: text("chat_id").primaryKey(),
    planId: text("plan_id").references(() => plans.id, { onDelete: "set null" }),
    name: text("name").notNull().default(""),
    chatType: text("chat_type", { enum: ["group", "p2p"] })
      .notNull()
      .default("group"),
    /** The office's working chat for this plan: escalations and bulletin drafts go here. */
    isOffice: boolean("is_office").notNull().default(false),
    botPresent: boolean("bot_present").notNull().default(true),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
    leftAt: timestamp("left_at", { withTimezone: true }),
  },
  (t) => [index("chats_plan").on(t.planId)],
);

/** 群成员: who is in a chat now (kept current by member added/deleted events). */
export const chatMembers = pgTable(
  "chat_members",
  {
    chatId: text("chat_id")
      .notNull()
      .references(() => chats.chatId, { onDelete: "cascade" }),
    openId: text("open_id").notNull(),
    name: text("name").notNull().default(""),
    present: boolean("present").notNull().default(true),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
    leftAt: timestamp("left_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("chat_members_pk").on(t.chatId, t.openId), index("chat_members_open_id").on(t.openId)],
);

/**
 * 成员角色: a person's role in a plan. One row per (person, role, unit):
 * office (领导小组办公室) and leader (组长/副组长) are plan-wide (unit_id null);
 * liaison (联络员) and deputy (副联络员) belong to a unit; member is a plain participant.
 * At most one primary liaison per unit per plan (partial unique index).
 */
export const members = pgTable(
  "members",
  {
    id: serial("id").primaryKey(),
    planId: planColumn(),
    openId: text("open_id").notNull(),
    name: text("name").notNull().default(""),
    role: text("role", { enum: ["office", "leader", "liaison", "deputy", "member"] }).notNull(),
    unitId: integer("unit_id").references(() => units.id, { onDelete: "cascade" }),
    grantedBy: text("granted_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("members_role_unique").on(t.planId, t.openId, t.role, sql`coalesce(${t.unitId}, 0)`),
    uniqueIndex("members_one_liaison").on(t.planId, t.unitId).where(sql`${t.role} = 'liaison'`),
    index("members_plan_unit").on(t.planId, t.unitId),
    index("members_open_id").on(t.openId),
  ],
);

/** 绑定申请: a /bind request waiting for the office to approve (when the unit already has a liaison). */
export const bindRequests = pgTable(
  "bind_requests",
  {
    id: serial("id").primaryKey(),
    planId: planColumn(),
    openId: text("open_id").notNull(),
    name: text("name").notNull().default(""),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["liaison", "deputy"] }).notNull(),
    state: text("state", { enum: ["pending", "approved", "rejected"] })
      .notNull()
      .default("pending"),
    decidedBy: text("decided_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    detail: jsonb("detail").notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index("bind_requests_plan_state").on(t.planId, t.state)],
);
