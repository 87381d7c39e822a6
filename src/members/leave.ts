/**
 * People leaving: a liaison or deputy who is no longer in any live chat of the plan loses the role
 * (audited as a system change) and the office hears which units now have no liaison. Also the bot being removed
 * (roles kept, the office told) and a chat being disbanded (its members are gone).
 */

import { joinRich, md, type RichText } from "../kernel/messages";
import type { Person } from "../kernel/messenger";
import { noticeCard } from "./cards";
import { deputiesOf, type PlanView, unitName } from "./plan-view";
import { loadPlanView, type MembersDeps, notifyOffice } from "./service";

export async function onUsersRemoved(
  deps: MembersDeps,
  ev: { eventId: string; chatId: string; users: Person[]; reason: "deleted" | "withdrawn" },
  now: Date,
): Promise<void> {
  await deps.members.removeChatMembers(
    ev.chatId,
    ev.users.map((u) => u.openId),
    now,
  );
  const chat = await deps.members.getChat(ev.chatId);
  if (!chat?.planId) return;
  const view = await loadPlanView(deps, chat.planId);
  const why = ev.reason === "deleted" ? "已被移出本群" : "已退出本群";
  await dropDeparted(deps, view, ev.users, {
    now,
    reason: ev.reason === "deleted" ? "removed_from_chat" : "left_chat",
    why,
    key: `departed:${ev.eventId}`,
    preferChat: ev.chatId,
  });
}

/** The bot was removed (disbanded: false) or the chat was disbanded. */
export async function onChatGone(
  deps: MembersDeps,
  ev: { eventId: string; chatId: string; disbanded: boolean },
  now: Date,
): Promise<void> {
  const chat = await deps.members.getChat(ev.chatId);
  if (!chat) return;
  const people = await deps.members.chatMembers(ev.chatId);
  await deps.members.markChatGone(ev.chatId, now, ev.disbanded);
  await deps.audit.record({
    planId: chat.planId,
    actor: "system",
    action: ev.disbanded ? "chat_disbanded" : "chat_bot_removed",
    subject: `chat:${ev.chatId}`,
    before: { name: chat.name },
    after: null,
    at: now,
  });
  if (!chat.planId) return;
  const view = await loadPlanView(deps, chat.planId);
  if (!ev.disbanded) {
    await notifyOffice(deps, view, `bot_removed:${ev.eventId}`, {
      type: "card",
      card: noticeCard(
        "机器人已被移出群聊",
        md`督办助手已被移出群「${chat.name || ev.chatId}」，该群不再接收督办消息；成员的角色保留。`,
        "orange",
      ),
    });
    return;
  }
  await dropDeparted(
    deps,
    view,
    people.map((p) => ({ openId: p.openId, name: p.name })),
    {
      now,
      reason: "chat_disbanded",
      why: `所在群「${chat.name || ev.chatId}」已解散`,
      key: `departed:${ev.eventId}`,
    },
  );
}

/**
 * People who left: those no longer in any live chat of the plan lose their liaison/deputy roles (audited as a
 * system change), and the office is told which units now have no liaison.
 */
async function dropDeparted(
  deps: MembersDeps,
  view: PlanView,
  people: Person[],
  opts: { now: Date; reason: string; why: string; key: string; preferChat?: string },
): Promise<void> {
  const lines: RichText[] = [];
  for (const person of people) {
    const held = view.members.filter(
      (m) => m.openId === person.openId && (m.role === "liaison" || m.role === "deputy"),
    );
    if (held.length === 0) continue;
    if (await deps.members.presentInPlan(view.planId, person.openId)) continue;
    const removed = await deps.members.revokeUnitRoles({
      planId: view.planId,
      actor: "system",
      now: opts.now,
      reason: opts.reason,
      openId: person.openId,
    });
    for (const r of removed) {
      const unit = unitName(view, r.unitId);
      const name = r.name || person.name;
      if (r.role === "deputy") {
        lines.push(md`**${unit}**：副联络员 ${name} ${opts.why}，已解除。`);
        continue;
      }
      const deputies = deputiesOf(view, r.unitId ?? -1).filter((d) => d.openId !== person.openId);
      const first = deputies[0];
      lines.push(
        first
          ? md`**${unit}**：联络员 ${name} ${opts.why}，该单位现无联络员。可将副联络员 ${first.name} 设为联络员：/bind @${first.name} ${unit} 联络员`
          : md`**${unit}**：联络员 ${name} ${opts.why}，该单位现无联络员。请指定：/bind @某人 ${unit}`,
      );
    }
  }
  if (lines.length === 0) return;
  await notifyOffice(
    deps,
    view,
    opts.key,
    {
      type: "card",
      card: noticeCard("联络员变动", joinRich(lines, "\n"), "orange", md`发送 /units 查看全部缺口。`),
    },
    opts.preferChat,
  );
}
