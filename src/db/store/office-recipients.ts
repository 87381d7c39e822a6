import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { chatMembers, chats, members } from "../schema";

/**
 * Where the office hears what is for the office only (escalations, its milestones, overdue 交办 items, units
 * nobody can receive a card for): its chat, the first group bound to the plan, unless liaisons or deputies are
 * in it, for then it is the work group; and its members, whom the caller turns to when there is no such chat.
 * One rule for every store that answers "the office" (the scheduler's planner reads it from its snapshot).
 */
export async function officeRecipients(
  db: Db,
  planId: string,
): Promise<{ chatIds: string[]; openIds: string[] }> {
  const [officeChats, officeMembers] = await Promise.all([
    db
      .select({ chatId: chats.chatId })
      .from(chats)
      .where(
        and(
          eq(chats.planId, planId),
          eq(chats.isOffice, true),
          eq(chats.botPresent, true),
          sql`not exists (select 1 from ${chatMembers} cm join ${members} m on m.open_id = cm.open_id
            and m.plan_id = ${chats.planId} and m.role in ('liaison', 'deputy')
            where cm.chat_id = ${chats.chatId} and cm.present)`,
        ),
      ),
    db
      .select({ openId: members.openId })
      .from(members)
      .where(and(eq(members.planId, planId), eq(members.role, "office")))
      .orderBy(asc(members.id)),
  ]);
  return { chatIds: officeChats.map((c) => c.chatId), openIds: officeMembers.map((m) => m.openId) };
}
