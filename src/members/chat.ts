/**
 * Chat lifecycle: the bot joins a group (store it, bind a plan, list members, send the mapping card);
 * people join (keep chat_members current, propose newcomers to the office). Leaving is in members-leave.ts.
 *
 * Who is "the office" before anyone is bound: DUBAN_ADMINS when configured. Without them, the person who added
 * the bot becomes office of the chat's plan (of every office-less plan when the chat must still choose one),
 * recorded in the audit log as a bootstrap. If Feishu does not say who added the bot, nobody is office until
 * DUBAN_ADMINS is set: the mapping card is still posted in the chat, and says so.
 */

import type { Person } from "../kernel/messenger";
import { CARD_REFRESH_AFTER_MS } from "../reporting/domain/card-age";
import { planChooseCard } from "./cards";
import { buildMappingCard, newcomerCards } from "./mapping";
import { type MembersDeps, refreshChatMembers } from "./service";

export async function onBotAdded(
  deps: MembersDeps,
  ev: { eventId: string; chatId: string; chatName: string; operator: Person | undefined },
  now: Date,
): Promise<void> {
  const chat = await deps.members.saveChat({ chatId: ev.chatId, name: ev.chatName, chatType: "group" }, now);
  await deps.audit.record({
    planId: chat.planId,
    actor: ev.operator?.openId ?? "system",
    action: "chat_join",
    subject: `chat:${ev.chatId}`,
    before: null,
    after: { name: ev.chatName, operator: ev.operator ?? null },
    at: now,
  });
  const refreshed = await refreshChatMembers(deps, ev.chatId, now);
  if (ev.operator) await deps.members.addChatMembers(ev.chatId, [ev.operator], now);

  let planId = chat.planId;
  if (!planId) {
    const plans = await deps.plans.listPlans();
    if (plans.length === 0) {
      await sendText(
        deps,
        `bot_added:${ev.eventId}`,
        ev.chatId,
        null,
        "督办助手已加入本群。尚未导入工作方案：请管理员先导入方案，再由办公室成员发送 /plan use <方案编号>、/mapping。",
      );
      return;
    }
    if (plans.length > 1) {
      for (const p of plans) await bootstrapOffice(deps, p.id, ev.operator, now);
      const mentions = await officeMentionsIn(deps, ev.chatId, plans[0]?.id, ev.operator);
      await deps.outbox.enqueue([
        {
          kind: "send",
          key: `plan_choose:${ev.eventId}`,
          purpose: "mapping",
          to: { chatId: ev.chatId },
          message: {
            type: "card",
            card: planChooseCard({
              chatName: ev.chatName,
              plans,
              chatId: ev.chatId,
              officeMentions: mentions,
            }),
          },
        },
      ]);
      return;
    }
    planId = plans[0]?.id ?? null;
    if (!planId) return;
    await bindChat(deps, { chatId: ev.chatId, planId, actor: "system", now });
  }
  await bootstrapOffice(deps, planId, ev.operator, now);
  await sendMappingCard(deps, {
    planId,
    chatId: ev.chatId,
    now,
    operator: ev.operator,
    membersUnknown: !refreshed,
  });
}

/** Binds a chat to a plan (audited). */
export async function bindChat(
  deps: MembersDeps,
  input: { chatId: string; planId: string; actor: string; now: Date },
): Promise<void> {
  const before = await deps.members.getChat(input.chatId);
  await deps.access.bindChat(input.chatId, input.planId, before?.chatType ?? "group");
  await deps.audit.record({
    planId: input.planId,
    actor: input.actor,
    action: "chat_plan",
    subject: `chat:${input.chatId}`,
    before: before?.planId ? { planId: before.planId } : null,
    after: { planId: input.planId },
    at: input.now,
  });
}

/** One mapping card per group and plan: the outbox key that makes sending it idempotent. */
function mappingKey(planId: string, chatId: string): string {
  return `mapping:${planId}:${chatId}`;
}

/**
 * Sends the group its mapping card, once: a group that already has it (the bot re-added, the plan chosen again)
 * gets nothing new. When the office asks again (`again`, the event id of /mapping), the card it has is updated in
 * place; only a card Feishu no longer updates (near 14 days old, or never delivered) is sent anew.
 */
export async function sendMappingCard(
  deps: MembersDeps,
  input: {
    planId: string;
    chatId: string;
    now: Date;
    again?: string | undefined;
    operator?: Person | undefined;
    membersUnknown?: boolean;
  },
): Promise<"sent" | "updated" | "kept"> {
  const key = mappingKey(input.planId, input.chatId);
  const existing = await deps.outbox.get(key);
  if (existing && !input.again) return "kept";
  const built = await buildMappingCard(deps, input);
  const message = { type: "card" as const, card: built.card };
  const common = { purpose: "mapping", planId: input.planId };
  if (!existing) {
    await deps.outbox.enqueue([{ kind: "send", key, ...common, to: { chatId: input.chatId }, message }]);
    return "sent";
  }
  const alive =
    existing.state === "pending" ||
    existing.state === "sending" ||
    (existing.state === "sent" &&
      input.now.getTime() - (existing.sentAt ?? existing.createdAt).getTime() < CARD_REFRESH_AFTER_MS);
  if (alive) {
    await deps.outbox.enqueue([
      {
        kind: "patch",
        key: `${key}:${input.again}`,
        ...common,
        target: { outboxKey: key },
        card: built.card,
      },
    ]);
    return "updated";
  }
  await deps.outbox.enqueue([
    { kind: "send", key: `${key}:${input.again}`, ...common, to: { chatId: input.chatId }, message },
  ]);
  return "sent";
}

/** Nobody is office yet and no DUBAN_ADMINS: the person who added the bot becomes office (audited). */
async function bootstrapOffice(deps: MembersDeps, planId: string, operator: Person | undefined, now: Date) {
  if (deps.admins.length > 0 || !operator) return;
  const hasOffice = (await deps.members.members(planId)).some((m) => m.role === "office");
  if (hasOffice) return;
  await deps.members.grantPlanRole({
    planId,
    actor: "system",
    now,
    reason: "bootstrap",
    person: operator,
    role: "office",
  });
}

async function officeMentionsIn(
  deps: MembersDeps,
  chatId: string,
  planId: string | undefined,
  operator: Person | undefined,
): Promise<string[]> {
  const present = new Set((await deps.members.chatMembers(chatId)).map((m) => m.openId));
  const stored = planId ? (await deps.members.members(planId)).filter((m) => m.role === "office") : [];
  const ids = [...new Set([...deps.admins, ...stored.map((m) => m.openId)])].filter((id) => present.has(id));
  if (ids.length === 0 && operator) ids.push(operator.openId);
  return ids;
}

export async function onUsersAdded(
  deps: MembersDeps,
  ev: { eventId: string; chatId: string; users: Person[] },
  now: Date,
): Promise<void> {
  const chat = await deps.members.getChat(ev.chatId);
  if (!chat) await deps.members.saveChat({ chatId: ev.chatId, name: "", chatType: "group" }, now);
  await deps.members.addChatMembers(ev.chatId, ev.users, now);
  if (!chat?.planId) return;
  const cards = await newcomerCards(deps, { planId: chat.planId, chatId: ev.chatId, newcomers: ev.users });
  await deps.outbox.enqueue(
    cards.map((card, i) => ({
      kind: "send" as const,
      key: `propose:${ev.eventId}:${i}`,
      purpose: "mapping",
      planId: chat.planId,
      to: { chatId: ev.chatId },
      message: { type: "card" as const, card },
    })),
  );
}

async function sendText(deps: MembersDeps, key: string, chatId: string, planId: string | null, text: string) {
  await deps.outbox.enqueue([
    { kind: "send", key, purpose: "mapping", planId, to: { chatId }, message: { type: "text", text } },
  ]);
}
