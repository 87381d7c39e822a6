/**
 * Members mapped to units: shared context for the member use cases in this folder.
 * Transport-free: callers (bot commands, card actions, listeners) pass plain data and get plain results.
 */

import { personName } from "../domain/people";
import type { Role } from "../domain/permissions";
import { type CatalogUnit, groupMembers, resolveUnit } from "../domain/units";
import type { Logger } from "../kernel/logger";
import type { OutMessage } from "../kernel/messages";
import type { Messenger, Person } from "../kernel/messenger";
import { Refusal } from "../kernel/refusal";
import type { Outbox } from "../outbox/ports";
import type { PlanStore } from "../plans/ports";
import type { AccessStore } from "./access";
import type { PlanView } from "./plan-view";
import type { AuditStore, MemberStore } from "./ports";

/** What the member use cases need; BotDeps is a superset. */
export interface MembersDeps {
  members: MemberStore;
  audit: AuditStore;
  access: AccessStore;
  plans: PlanStore;
  outbox: Outbox;
  messenger: Pick<Messenger, "listChatMembers" | "getUser"> | undefined;
  /** DUBAN_ADMINS: office members of every plan, never stored. */
  admins: readonly string[];
  logger: Logger;
}

export async function loadPlanView(deps: MembersDeps, planId: string): Promise<PlanView> {
  const [units, members, plans] = await Promise.all([
    deps.members.units(planId),
    deps.members.members(planId),
    deps.plans.listPlans(),
  ]);
  return {
    planId,
    title: plans.find((p) => p.id === planId)?.title ?? planId,
    units,
    unitById: new Map(units.map((u) => [u.id, u])),
    // Every view of the plan names people; one not yet named shows a short id, never a blank.
    members: members.map((m) => ({ ...m, name: personName(m) })),
  };
}

/**
 * A person with their display name: as given (a mention carries it), else the chat's stored member list, else
 * that list fetched again from Feishu, else the contact API. Stays nameless only when Feishu cannot tell (no
 * app configured, or it failed: logged), and the next member-list refresh fills it in.
 */
export async function withDisplayName(
  deps: MembersDeps,
  chatId: string,
  person: Person,
  now: Date,
): Promise<Person> {
  if (person.name.trim()) return person;
  const stored = async () =>
    (await deps.members.chatMembers(chatId)).find((m) => m.openId === person.openId)?.name.trim();
  const known = await stored();
  if (known) return { ...person, name: known };
  if (!deps.messenger) return person;
  if (await refreshChatMembers(deps, chatId, now)) {
    const listed = await stored();
    if (listed) return { ...person, name: listed };
  }
  try {
    const user = await deps.messenger.getUser(person.openId);
    if (user?.name.trim()) return { ...person, name: user.name.trim() };
  } catch (err) {
    deps.logger.warn({ openId: person.openId, err }, "looking up a display name failed");
  }
  return person;
}

/**
 * Resolves a typed unit name to a bindable unit, or throws a Refusal naming the closest candidates, or the
 * members of a group (各区人民政府 cannot be bound itself).
 */
export function resolveBindable(view: PlanView, query: string): CatalogUnit {
  const q = query.trim();
  if (!q) throw new Refusal("请给出单位名称，例如：/bind 市经信局。发送 /units 查看单位列表。");
  const r = resolveUnit(view.units, q);
  if (r.kind === "found") {
    if (r.unit.kind === "group") {
      const list = groupMembers(view.units, r.unit).map((u) => u.name);
      throw new Refusal(
        `「${r.unit.name}」是单位组，不能直接绑定。请指定其中的单位：${list.join("、") || "（无）"}。`,
      );
    }
    return r.unit;
  }
  const names = r.candidates.map((u) => u.name);
  if (r.kind === "ambiguous")
    throw new Refusal(`「${q}」对应多个单位：${names.join("、")}。请写出完整名称。`);
  throw new Refusal(
    names.length > 0
      ? `没有名为「${q}」的单位。您是不是要找：${names.join("、")}？`
      : `没有名为「${q}」的单位。发送 /units 查看单位列表。`,
  );
}

/** Office members of the plan: stored grants plus DUBAN_ADMINS. */
export function officeIds(deps: MembersDeps, view: PlanView): string[] {
  const stored = view.members.filter((m) => m.role === "office").map((m) => m.openId);
  return [...new Set([...deps.admins, ...stored])];
}

/**
 * Fetches the chat's members from Feishu (all pages) and stores them. Returns undefined when no Feishu app is
 * configured or Feishu failed (logged); the stored list stays as it was.
 */
export async function refreshChatMembers(
  deps: MembersDeps,
  chatId: string,
  now: Date,
): Promise<{ joined: Person[]; left: string[] } | undefined> {
  if (!deps.messenger) {
    deps.logger.warn({ chatId }, "no Feishu app configured: chat members cannot be listed");
    return undefined;
  }
  try {
    const people = await deps.messenger.listChatMembers(chatId);
    return await deps.members.syncChatMembers(chatId, people, now);
  } catch (err) {
    deps.logger.warn({ chatId, err }, "listing chat members failed");
    return undefined;
  }
}

/**
 * Whether a person is in the chat: the stored list first, then a refresh from Feishu when they are not in it
 * (the list may be stale). Bots are never listed by Feishu, so a mentioned bot is never "in the chat".
 */
export async function presentInChat(
  deps: MembersDeps,
  chatId: string,
  openId: string,
  now: Date,
): Promise<Person | undefined> {
  const find = async () => (await deps.members.chatMembers(chatId)).find((m) => m.openId === openId);
  const known = await find();
  if (known) return { openId: known.openId, name: known.name };
  const refreshed = await refreshChatMembers(deps, chatId, now);
  if (!refreshed) return undefined;
  const after = await find();
  return after ? { openId: after.openId, name: after.name } : undefined;
}

/**
 * Where the office hears about something: the plan's office chat when there is one, else the given chat (if the
 * bot is still in it), else each office member directly. Keys derive from `key` so a redelivery sends nothing new.
 */
export async function notifyOffice(
  deps: MembersDeps,
  view: PlanView,
  key: string,
  message: OutMessage,
  preferChat?: string,
): Promise<void> {
  const chats = await deps.members.chatsOfPlan(view.planId);
  const office = chats.find((c) => c.isOffice);
  const prefer = preferChat ? chats.find((c) => c.chatId === preferChat) : undefined;
  const target = office ?? prefer;
  if (target) {
    await deps.outbox.enqueue([
      { kind: "send", key, purpose: "office", planId: view.planId, to: { chatId: target.chatId }, message },
    ]);
    return;
  }
  const ids = officeIds(deps, view);
  if (ids.length === 0) {
    deps.logger.warn({ planId: view.planId, key }, "no office member to notify");
    return;
  }
  await deps.outbox.enqueue(
    ids.map((openId, i) => ({
      kind: "send" as const,
      key: `${key}:${i}`,
      purpose: "office",
      planId: view.planId,
      to: { openId },
      message,
    })),
  );
}

/** A role word typed after /bind or /grant. */
export function parseRoleWord(word: string | undefined): Exclude<Role, "member"> | undefined {
  if (!word) return undefined;
  const w = word.normalize("NFKC").toLowerCase();
  if (["liaison", "联络员", "主联络员", "正"].includes(w)) return "liaison";
  if (["deputy", "副联络员", "副", "备用"].includes(w)) return "deputy";
  if (["office", "办公室", "领导小组办公室"].includes(w)) return "office";
  if (["leader", "领导", "领导小组", "组长", "副组长"].includes(w)) return "leader";
  return undefined;
}
