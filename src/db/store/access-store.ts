import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Grant } from "../../domain/permissions";
import type { AccessStore } from "../../services/ports/access";
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
      const rows = await db.select({ id: plans.id }).from(plans).orderBy(asc(plans.createdAt), asc(plans.id));
      return rows.map((r) => r.id);
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
      await db
        .insert(chats)
        .values({ chatId, planId, chatType })
        .onConflictDoUpdate({ target: chats.chatId, set: { planId } });
    },
  };
}
