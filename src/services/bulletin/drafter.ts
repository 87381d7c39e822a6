import type { MemberStore } from "../ports/members";
import type { Outbox, OutboxItem } from "../ports/outbox";
import type { BulletinDrafter } from "../ports/schedule";
import type { StatusService } from "../status";

export interface BulletinDrafterDeps {
  status: Pick<StatusService, "scheduledDraft">;
  members: Pick<MemberStore, "chatsOfPlan" | "members">;
  outbox: Outbox;
  /** DUBAN_ADMINS: office members of every plan. */
  admins: readonly string[];
}

/**
 * The schedule's 通报草稿 (BulletinDrafter): drafts the period's bulletin once — a replayed tick, a second instance
 * or a tick after the office already drafted or published it gets the existing one — and sends the draft card
 * (发布 / 修改) to the plan's office chat, else to each office member directly, under the tick's key.
 * A bulletin already published is not sent again.
 */
export function createBulletinDrafter(deps: BulletinDrafterDeps): BulletinDrafter {
  return {
    async draftBulletin(input) {
      const result = await deps.status.scheduledDraft(input.planId, input.kind, input.period);
      if (!result.ok)
        throw new Error(`bulletin draft ${input.planId} ${input.kind} ${input.period}: ${result.text}`);
      const { record, card } = result;
      if (record.state === "published") return { bulletinId: record.id };
      const chats = await deps.members.chatsOfPlan(input.planId);
      const office = chats.find((c) => c.isOffice && c.chatType === "group");
      const common = { purpose: "bulletin_draft", planId: input.planId } as const;
      const message = { type: "card" as const, card };
      let items: OutboxItem[];
      if (office) {
        items = [{ ...common, kind: "send", key: input.outboxKey, to: { chatId: office.chatId }, message }];
      } else {
        const stored = (await deps.members.members(input.planId))
          .filter((m) => m.role === "office")
          .map((m) => m.openId);
        const people = [...new Set([...deps.admins, ...stored])];
        items = people.map((openId) => ({
          ...common,
          kind: "send",
          key: `${input.outboxKey}:${openId}`,
          to: { openId },
          message,
        }));
      }
      await deps.outbox.enqueue(items);
      return { bulletinId: record.id };
    },
  };
}
