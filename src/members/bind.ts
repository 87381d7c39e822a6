import { Refusal } from "../kernel/refusal";
/**
 * /bind, /unbind and /grant; the office's decision on a request is in requests.ts.
 *
 * UX decided here:
 * - /bind <unit> for oneself: granted at once when the unit has no liaison; otherwise a request goes to the
 *   office as a card with three choices: make them deputy, make them the liaison in place of the current one,
 *   or reject. The requester hears the result in the chat they asked in.
 * - The office binds directly: /bind @someone <unit> [liaison|deputy]. Without a role: liaison when the unit has
 *   none, else deputy. Saying liaison when the unit has one replaces it (the reply names the old liaison).
 * - Plan-wide roles are /grant @someone office|leader, removed with /unbind @someone office|leader.
 */

import { type CardRef, md } from "../kernel/messages";
import type { Person } from "../kernel/messenger";
import { bindRequestCard, noticeCard } from "./cards";
import { liaisonOf, type PlanView, roleLabel, unitName } from "./plan-view";
import type { PlanRole, UnitRole } from "./ports";
import {
  loadPlanView,
  type MembersDeps,
  notifyOffice,
  officeIds,
  presentInChat,
  resolveBindable,
  withDisplayName,
} from "./service";

export interface Caller {
  planId: string;
  chatId: string;
  chatType: "group" | "p2p";
  person: Person;
  /** Whether the caller may bind others (the office). */
  isOffice: boolean;
  now: Date;
  /** Seed for outbox keys (the event id). */
  eventId: string;
  messageId: string;
}

/** Makes sure the person is a real member where it counts: this group chat, or (p2p) some chat of the plan. */
async function requirePerson(deps: MembersDeps, caller: Caller, who: Person, self: boolean): Promise<Person> {
  if (caller.chatType === "group") {
    if (self) {
      // The sender of a group message is in the group, whatever the stored list says. Message events carry no
      // sender name, so it is looked up before anything is stored under it.
      // A chat whose bot-added event we never saw (installed before duban ran) is known from this message on.
      await deps.members.saveChat({ chatId: caller.chatId, name: "", chatType: "group" }, caller.now);
      const named = await withDisplayName(deps, caller.chatId, who, caller.now);
      await deps.members.addChatMembers(caller.chatId, [named], caller.now);
      return named;
    }
    const found = await presentInChat(deps, caller.chatId, who.openId, caller.now);
    if (!found)
      throw new Refusal(`「@${who.name || who.openId}」不是本群成员（机器人也不能绑定），未做任何更改。`);
    return withDisplayName(
      deps,
      caller.chatId,
      { openId: found.openId, name: found.name || who.name },
      caller.now,
    );
  }
  if (await deps.members.presentInPlan(caller.planId, who.openId))
    return withDisplayName(deps, caller.chatId, who, caller.now);
  throw new Refusal(
    self
      ? "请在方案工作群中发送此命令（您尚不在本方案的任何群里）。"
      : `「@${who.name || who.openId}」不在本方案的任何群里，未做任何更改。`,
  );
}

export async function bind(
  deps: MembersDeps,
  caller: Caller,
  input: { target: Person | undefined; unitQuery: string; role: UnitRole | undefined },
): Promise<string> {
  const view = await loadPlanView(deps, caller.planId);
  const self = !input.target || input.target.openId === caller.person.openId;
  const unit = resolveBindable(view, input.unitQuery);
  const person = await requirePerson(deps, caller, input.target ?? caller.person, self);
  const who = self ? "您" : person.name;
  const holder = liaisonOf(view, unit.id);
  const change = {
    planId: caller.planId,
    actor: caller.person.openId,
    actorName: caller.person.name,
    now: caller.now,
  };

  if (caller.isOffice || !holder) {
    const role: UnitRole = input.role ?? (holder && holder.openId !== person.openId ? "deputy" : "liaison");
    const replace = caller.isOffice && input.role === "liaison";
    const r = await deps.members.assignUnitRole({ ...change, person, unitId: unit.id, role, replace });
    if (r.kind === "unchanged") return `${who}已是 ${unit.name} ${roleLabel(role)}，无需变更。`;
    if (r.kind === "assigned") {
      const was =
        r.previous && r.previous.openId !== person.openId
          ? `（原联络员 ${r.previous.name} 已不再担任）`
          : r.previous
            ? `（原为${roleLabel(r.previous.role)}）`
            : "";
      return `已将${self ? "您" : ` ${person.name} `}设为 ${unit.name} ${roleLabel(role)}${was}。`;
    }
    if (caller.isOffice) throw new Refusal(`${unit.name} 已有联络员 ${r.holder.name}，未做更改。`);
    // Someone became the liaison meanwhile: fall through to a request.
  }

  const current = liaisonOf(await loadPlanView(deps, caller.planId), unit.id);
  if (current?.openId === person.openId) return `您已是 ${unit.name} 联络员，无需变更。`;
  const requested: UnitRole = input.role ?? "liaison";
  const { request, created } = await deps.members.createBindRequest({
    ...change,
    person,
    unitId: unit.id,
    role: requested,
    detail: { chatId: caller.chatId, messageId: caller.messageId },
  });
  if (!created) return `您申请 ${unit.name} 的绑定已在等待办公室审批，请耐心等待。`;
  const card = bindRequestCardFor(view, request.id, {
    requester: person.name,
    unit: unit.name,
    holder: current?.name ?? "（无）",
    requestedRole: roleLabel(requested),
    presentOffice: await officeInChat(deps, view, caller.chatId),
  });
  await notifyOffice(deps, view, `bindreq:${request.id}`, { type: "card", card }, caller.chatId);
  return `${unit.name} 已有联络员 ${current?.name ?? ""}。您的申请已提交办公室审批，结果会在这里通知您。`;
}

function bindRequestCardFor(
  view: PlanView,
  requestId: number,
  input: { requester: string; unit: string; holder: string; requestedRole: string; presentOffice: string[] },
): CardRef {
  const value = (decision: string) => ({ action: "bind_decide", planId: view.planId, requestId, decision });
  return bindRequestCard({
    officeMentions: input.presentOffice,
    requester: input.requester,
    unit: input.unit,
    holder: input.holder,
    requestedRole: input.requestedRole,
    deputyValue: value("deputy"),
    replaceValue: value("replace"),
    rejectValue: value("reject"),
  });
}

async function officeInChat(deps: MembersDeps, view: PlanView, chatId: string): Promise<string[]> {
  const present = new Set((await deps.members.chatMembers(chatId)).map((m) => m.openId));
  return officeIds(deps, view).filter((id) => present.has(id));
}

export async function unbind(
  deps: MembersDeps,
  caller: Caller,
  input: { target: Person | undefined; what: string; planRole: PlanRole | undefined },
): Promise<string> {
  const view = await loadPlanView(deps, caller.planId);
  const self = !input.target || input.target.openId === caller.person.openId;
  const person = input.target ?? caller.person;
  const name = self ? "您" : person.name;
  const change = {
    planId: caller.planId,
    actor: caller.person.openId,
    actorName: caller.person.name,
    now: caller.now,
  };
  if (input.planRole) {
    if (input.planRole === "office") {
      const stored = view.members.filter((m) => m.role === "office");
      if (deps.admins.length === 0 && stored.length === 1 && stored[0]?.openId === person.openId)
        throw new Refusal("至少需要保留一名办公室成员，未做更改。请先 /grant 其他人为办公室成员。");
    }
    const r = await deps.members.revokePlanRole({ ...change, openId: person.openId, role: input.planRole });
    if (r === "absent")
      return deps.admins.includes(person.openId) && input.planRole === "office"
        ? `${name}的办公室身份来自系统配置（DUBAN_ADMINS），无法在此解除。`
        : `${name}不是${roleLabel(input.planRole)}成员，无需解除。`;
    return `已解除${self ? "您" : ` ${name} `}的${roleLabel(input.planRole)}身份。`;
  }
  const unit = input.what.trim() ? resolveBindable(view, input.what) : undefined;
  const removed = await deps.members.revokeUnitRoles({
    ...change,
    openId: person.openId,
    ...(unit ? { unitId: unit.id } : {}),
  });
  if (removed.length === 0)
    return unit
      ? `${name}不是 ${unit.name} 的联络员或副联络员，无需解除。`
      : `${name}没有绑定任何单位，无需解除。`;
  const list = removed.map((r) => roleLabel(r.role, unitName(view, r.unitId))).join("、");
  const orphaned = removed.filter((r) => r.role === "liaison").map((r) => unitName(view, r.unitId));
  if (orphaned.length > 0 && !caller.isOffice) {
    await notifyOffice(
      deps,
      view,
      `unbind:${caller.eventId}`,
      {
        type: "card",
        card: noticeCard(
          "联络员变动",
          md`${person.name} 已自行解除 ${list}。${orphaned.join("、")} 现无联络员。`,
          "orange",
          md`请指定：/bind @某人 <单位>`,
        ),
      },
      caller.chatId,
    );
  }
  const gap = orphaned.length > 0 ? ` ${orphaned.join("、")} 现无联络员。` : "";
  return `已解除${self ? "您" : ` ${name} `}的 ${list}。${gap}`;
}

export async function grant(
  deps: MembersDeps,
  caller: Caller,
  input: { target: Person; role: PlanRole },
): Promise<string> {
  const self = input.target.openId === caller.person.openId;
  const person = await requirePerson(deps, caller, input.target, self);
  const r = await deps.members.grantPlanRole({
    planId: caller.planId,
    actor: caller.person.openId,
    actorName: caller.person.name,
    now: caller.now,
    person,
    role: input.role,
  });
  return r === "unchanged"
    ? `${person.name} 已是${roleLabel(input.role)}成员，无需变更。`
    : `已授予 ${person.name} ${roleLabel(input.role)}身份。`;
}
