import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Grant } from "../../domain/permissions";
import type { AccessStore } from "../../members/access";
import type { Db } from "../client";
import { chats, members, plans, units } from "../schema";

export function createAccessStore(db: Db): AccessStore {
  return {
    async chat(chatId) {
      const [row] = await db
        .select({
          chatId: chats.chatId,
          planId: chats.planId,
          isOffice: chats.isOffice,
          chatType: chats.chatType,
        })
        .from(chats)
        .where(eq(chats.chatId, chatId));
      return row;
    },

    async planIds() {
      return db
        .select({ id: plans.id, archivedAt: plans.archivedAt })
        .from(plans)
        .orderBy(asc(plans.createdAt), asc(plans.id));
    },

    async plansOf(openId) {
      const rows = await db
        .selectDistinct({ planId: members.planId })
        .from(members)
        .where(eq(members.openId, openId));
      return rows.map((r) => r.planId);
    },

    async grants(planId, openId): Promise<Grant[]> {
      // Grants on retired units no longer count.
      const rows = await db
        .select({ role: members.role, unitId: members.unitId })
        .from(members)
        .leftJoin(units, eq(units.id, members.unitId))
        .where(
          and(
            eq(members.planId, planId),
            eq(members.openId, openId),
            sql`(${members.unitId} is null or ${isNull(units.retiredAt)})`,
          ),
        );
      return rows;
    },

    async bindChat(chatId, planId, chatType) {
      // The first group chat a plan is bound to becomes its office chat (领导小组办公室的工作群): escalations,
      // bulletin drafts and "unit without liaison" notices go there. A plan keeps one office chat.
      const noOfficeChatYet = sql`(${chatType} = 'group' and not exists (
        select 1 from chats o where o.plan_id = ${planId} and o.is_office and o.bot_present and o.chat_id <> ${chatId}))`;
      await db
        .insert(chats)
        .values({ chatId, planId, chatType, isOffice: noOfficeChatYet })
        .onConflictDoUpdate({
          target: chats.chatId,
          set: {
            planId,
            isOffice: sql`(${chats.planId} is not distinct from ${planId} and ${chats.isOffice}) or ${noOfficeChatYet}`,
          },
        });
    },
  };
}
