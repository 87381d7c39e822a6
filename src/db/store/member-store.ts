import { and, asc, eq, inArray, isNull, ne, notInArray, sql } from "drizzle-orm";
import type { Role } from "../../domain/permissions";
import type { CatalogUnit } from "../../domain/units";
import type { RosterPerson } from "../../members/domain/roster-match";
import type { MemberRow, MemberStore } from "../../members/ports";
import type { Db } from "../client";
import { chatMembers, chats, members, rosterPeople, unitGroupMembers, units } from "../schema";
import { createBindRequestStore } from "./bind-requests";
import { createRoleWriter, memberRowCols } from "./member-roles";

const chatCols = {
  chatId: chats.chatId,
  planId: chats.planId,
  name: chats.name,
  chatType: chats.chatType,
  isOffice: chats.isOffice,
  botPresent: chats.botPresent,
};

/** MemberStore over drizzle (PGlite or Postgres). Role writes and their audit rows share a transaction. */
export function createMemberStore(db: Db): MemberStore {
  return {
    ...createRoleWriter(db),
    ...createBindRequestStore(db),

    async saveChat(chat, now) {
      const [row] = await db
        .insert(chats)
        .values({ chatId: chat.chatId, name: chat.name, chatType: chat.chatType, joinedAt: now })
        .onConflictDoUpdate({
          target: chats.chatId,
          set: {
            name: sql`case when excluded.name <> '' then excluded.name else ${chats.name} end`,
            botPresent: true,
            leftAt: null,
          },
        })
        .returning(chatCols);
      if (!row) throw new Error("saveChat returned nothing");
      return row;
    },

    async getChat(chatId) {
      const [row] = await db.select(chatCols).from(chats).where(eq(chats.chatId, chatId));
      return row;
    },

    async markChatGone(chatId, now, disbanded) {
      await db.update(chats).set({ botPresent: false, leftAt: now }).where(eq(chats.chatId, chatId));
      if (disbanded)
        await db
          .update(chatMembers)
          .set({ present: false, leftAt: now })
          .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.present, true)));
    },

    async chatsOfPlan(planId) {
      return db
        .select(chatCols)
        .from(chats)
        .where(and(eq(chats.planId, planId), eq(chats.botPresent, true)))
        .orderBy(sql`${chats.isOffice} desc`, asc(chats.joinedAt), asc(chats.chatId));
    },

    async syncChatMembers(chatId, people, now) {
      return db.transaction(async (tx) => {
        const before = await tx
          .select({ openId: chatMembers.openId, present: chatMembers.present })
          .from(chatMembers)
          .where(eq(chatMembers.chatId, chatId));
        const wasPresent = new Set(before.filter((b) => b.present).map((b) => b.openId));
        const listed = dedupe(people);
        if (listed.length > 0) await upsertPresent(tx, chatId, listed, now);
        const ids = listed.map((p) => p.openId);
        const gone = await tx
          .update(chatMembers)
          .set({ present: false, leftAt: now })
          .where(
            and(
              eq(chatMembers.chatId, chatId),
              eq(chatMembers.present, true),
              ids.length > 0 ? notInArray(chatMembers.openId, ids) : sql`true`,
            ),
          )
          .returning({ openId: chatMembers.openId });
        return { joined: listed.filter((p) => !wasPresent.has(p.openId)), left: gone.map((g) => g.openId) };
      });
    },

    async addChatMembers(chatId, people, now) {
      const listed = dedupe(people);
      if (listed.length > 0) await upsertPresent(db, chatId, listed, now);
    },

    async removeChatMembers(chatId, openIds, now) {
      if (openIds.length === 0) return;
      await db
        .update(chatMembers)
        .set({ present: false, leftAt: now })
        .where(and(eq(chatMembers.chatId, chatId), inArray(chatMembers.openId, openIds)));
    },

    async chatMembers(chatId) {
      return db
        .select({
          chatId: chatMembers.chatId,
          openId: chatMembers.openId,
          name: chatMembers.name,
          present: chatMembers.present,
        })
        .from(chatMembers)
        .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.present, true)))
        .orderBy(asc(chatMembers.joinedAt), asc(chatMembers.openId));
    },

    async presentInPlan(planId, openId) {
      const rows = await db
        .select({ one: sql<number>`1` })
        .from(chatMembers)
        .innerJoin(chats, eq(chats.chatId, chatMembers.chatId))
        .where(
          and(
            eq(chats.planId, planId),
            eq(chats.botPresent, true),
            eq(chatMembers.openId, openId),
            eq(chatMembers.present, true),
          ),
        )
        .limit(1);
      return rows.length > 0;
    },

    async units(planId): Promise<CatalogUnit[]> {
      const rows = await db
        .select({
          id: units.id,
          name: units.name,
          kind: units.kind,
          aliases: units.aliases,
          ordinal: units.ordinal,
        })
        .from(units)
        .where(and(eq(units.planId, planId), isNull(units.retiredAt)))
        .orderBy(asc(units.ordinal), asc(units.id));
      const groupIds = rows.filter((r) => r.kind === "group").map((r) => r.id);
      const links =
        groupIds.length > 0
          ? await db.select().from(unitGroupMembers).where(inArray(unitGroupMembers.groupId, groupIds))
          : [];
      return rows.map((r) => ({
        ...r,
        aliases: Array.isArray(r.aliases) ? r.aliases : [],
        members: links.filter((l) => l.groupId === r.id).map((l) => l.unitId),
      }));
    },

    async roster(planId): Promise<RosterPerson[]> {
      return db
        .select({
          name: rosterPeople.name,
          title: rosterPeople.title,
          unitId: rosterPeople.unitId,
          role: rosterPeople.role,
        })
        .from(rosterPeople)
        .where(eq(rosterPeople.planId, planId))
        .orderBy(asc(rosterPeople.ordinal));
    },

    async members(planId): Promise<MemberRow[]> {
      const rows = await db
        .select(memberRowCols)
        .from(members)
        .leftJoin(units, eq(units.id, members.unitId))
        .where(
          and(eq(members.planId, planId), sql`(${members.unitId} is null or ${isNull(units.retiredAt)})`),
        )
        .orderBy(asc(members.createdAt), asc(members.id));
      return rows.map((r) => ({ ...r, role: r.role as Role }));
    },
  };
}

type Writer = Pick<Db, "insert" | "update">;

async function upsertPresent(
  db: Writer,
  chatId: string,
  people: { openId: string; name: string }[],
  now: Date,
) {
  await db
    .insert(chatMembers)
    .values(people.map((p) => ({ chatId, openId: p.openId, name: p.name, present: true, joinedAt: now })))
    .onConflictDoUpdate({
      target: [chatMembers.chatId, chatMembers.openId],
      set: {
        name: sql`case when excluded.name <> '' then excluded.name else ${chatMembers.name} end`,
        present: true,
        leftAt: null,
        // A returning member counts from their return.
        joinedAt: sql`case when ${chatMembers.present} then ${chatMembers.joinedAt} else excluded.joined_at end`,
      },
    });
  // A name Feishu now lists differently (renamed, or first known) is the name of every role the person holds.
  for (const p of people) {
    if (!p.name.trim()) continue;
    await db
      .update(members)
      .set({ name: p.name })
      .where(and(eq(members.openId, p.openId), ne(members.name, p.name)));
  }
}

function dedupe<T extends { openId: string }>(people: T[]): T[] {
  const seen = new Set<string>();
  return people.filter((p) => p.openId && !seen.has(p.openId) && seen.add(p.openId));
}
