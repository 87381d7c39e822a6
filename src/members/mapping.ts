/**
 * The mapping card: proposed roster matches to confirm, a person picker per unit without a liaison,
 * one submit. And the small card proposing a newcomer. Submitting applies what is still free; nothing that
 * exists is overwritten, so a stale card or a double click changes nothing twice.
 */
import { personName } from "../domain/people";
import { bindableUnits } from "../domain/units";
import type { CardRef, RichText } from "../kernel/messages";
import { md } from "../kernel/messages";
import type { Person } from "../kernel/messenger";
import { mappingCard, memberProposalCard, noticeCard } from "./cards";
import { type Proposal, proposeMapping } from "./domain/roster-match";
import { liaisonOf, type PlanView, roleLabel, unitName } from "./plan-view";
import { loadPlanView, type MembersDeps, officeIds } from "./service";

/** Units per page: one screen on a phone, and a form the office can check at a glance. */
export const UNITS_PER_PAGE = 8;
/** Proposals for the plan as a whole or for units that already have a liaison, shown on the first page. */
const MAX_OTHER_PROPOSALS = 30;

export interface MappingCardResult {
  card: CardRef;
  proposals: number;
  gaps: number;
}

/**
 * Builds one page of the mapping card for a chat from what is stored now (call after the member list is
 * refreshed). Only units still without a liaison are listed, UNITS_PER_PAGE a page, each with its proposals or
 * a person picker; `done` puts the result of a submit on top.
 */
export async function buildMappingCard(
  deps: MembersDeps,
  input: {
    planId: string;
    chatId: string;
    operator?: Person | undefined;
    membersUnknown?: boolean;
    page?: number;
    done?: ApplyOutcome;
  },
): Promise<MappingCardResult> {
  const view = await loadPlanView(deps, input.planId);
  const [people, roster, chat] = await Promise.all([
    deps.members.chatMembers(input.chatId),
    deps.members.roster(input.planId),
    deps.members.getChat(input.chatId),
  ]);
  const persons = people.map((p) => ({ openId: p.openId, name: p.name }));
  const { proposals, unmatched, ambiguous } = proposeMapping(persons, roster, view.units, view.members);
  const units = bindableUnits(view.units);
  const open = units.filter((u) => !liaisonOf(view, u.id));
  const pageCount = Math.max(1, Math.ceil(open.length / UNITS_PER_PAGE));
  const page = Math.min(Math.max(0, Math.trunc(input.page ?? 0)), pageCount - 1);
  const onPage = open.slice(page * UNITS_PER_PAGE, (page + 1) * UNITS_PER_PAGE);
  const onPageIds = new Set(onPage.map((u) => u.id));
  const openIds = new Set(open.map((u) => u.id));
  const others = proposals.filter((p) => p.unitId === null || !openIds.has(p.unitId));
  const shown = [
    ...(page === 0 ? others.slice(0, MAX_OTHER_PROPOSALS) : []),
    ...proposals.filter((p) => p.unitId !== null && onPageIds.has(p.unitId)),
  ];
  const proposedLiaison = new Set(shown.filter((p) => p.role === "liaison").map((p) => p.unitId));
  const gaps = onPage.filter((u) => !proposedLiaison.has(u.id));
  const office = officeIds(deps, view);
  const present = new Set(persons.map((p) => p.openId));
  const mentions = office.filter((id) => present.has(id));
  if (mentions.length === 0 && input.operator) mentions.push(input.operator.openId);
  const pageValue = (to: number) => ({
    action: "mapping_page",
    planId: input.planId,
    chatId: input.chatId,
    page: to,
  });
  const card = mappingCard({
    planTitle: view.title,
    chatName: chat?.name ?? "",
    officeMentions: mentions,
    memberCount: persons.length,
    unitCount: units.length,
    liaisonCount: units.length - open.length,
    proposals: shown.map((p) => ({ label: proposalLabel(view, p), value: encodeProposal(p) })),
    gaps: gaps.map((u) => ({ unitId: u.id, name: u.name })),
    page: {
      index: page,
      count: pageCount,
      units: onPage.length,
      prev: page > 0 ? pageValue(page - 1) : undefined,
      next: page < pageCount - 1 ? pageValue(page + 1) : undefined,
    },
    done: input.done ? outcomeLines(input.done) : undefined,
    unmatched: unmatched.map(personName),
    ambiguous: ambiguous.map((a) => ({ name: a.person.name, rosterNames: a.rosterNames })),
    noOffice: office.length === 0,
    membersUnknown: input.membersUnknown ?? false,
    submitValue: { action: "mapping_submit", planId: input.planId, chatId: input.chatId, page },
  });
  return { card, proposals: shown.length, gaps: gaps.length };
}

export function proposalLabel(view: PlanView, p: Proposal): string {
  const what =
    p.role !== "leader"
      ? roleLabel(p.role, unitName(view, p.unitId))
      : p.unitId === null
        ? "领导小组"
        : `${unitName(view, p.unitId)} 领导`;
  const why = p.source === "roster" ? `名单：${p.rosterTitle ?? ""}` : "按群昵称";
  return `${p.name} → ${what}（${why}）`.slice(0, 80);
}

/** "ou_x|12|liaison": what a confirmed option carries back (a leader's role is plan-wide: unit 0). */
export function encodeProposal(p: Pick<Proposal, "openId" | "unitId" | "role">): string {
  return `${p.openId}|${p.role === "leader" ? 0 : (p.unitId ?? 0)}|${p.role}`;
}

export function decodeProposal(
  v: unknown,
): { openId: string; unitId: number | null; role: "leader" | "liaison" | "deputy" } | undefined {
  if (typeof v !== "string") return undefined;
  const [openId, unit, role] = v.split("|");
  const unitId = Number(unit);
  if (!openId || !Number.isInteger(unitId) || unitId < 0) return undefined;
  if (role !== "leader" && role !== "liaison" && role !== "deputy") return undefined;
  if ((role === "leader") !== (unitId === 0)) return undefined;
  return { openId, unitId: unitId === 0 ? null : unitId, role };
}

export interface Choice {
  openId: string;
  unitId: number | null;
  role: "leader" | "liaison" | "deputy";
}

export interface ApplyOutcome {
  changed: RichText[];
  skipped: RichText[];
}

/**
 * Applies confirmed choices for a chat: each person must be in the chat (a bot or a stranger is skipped), each
 * unit a bindable unit of the plan; a unit that meanwhile got a liaison keeps it.
 */
export async function applyChoices(
  deps: MembersDeps,
  input: {
    planId: string;
    chatId: string;
    actor: string;
    actorName: string;
    now: Date;
    reason: string;
    choices: Choice[];
  },
): Promise<ApplyOutcome> {
  const view = await loadPlanView(deps, input.planId);
  const people = new Map((await deps.members.chatMembers(input.chatId)).map((p) => [p.openId, p]));
  const out: ApplyOutcome = { changed: [], skipped: [] };
  const change = {
    planId: input.planId,
    actor: input.actor,
    actorName: input.actorName,
    now: input.now,
    reason: input.reason,
  };
  for (const c of input.choices) {
    const member = people.get(c.openId);
    if (!member) {
      out.skipped.push(md`所选人员不是本群成员（机器人不能绑定），已跳过`);
      continue;
    }
    const person = { openId: member.openId, name: member.name };
    if (c.role === "leader") {
      const r = await deps.members.grantPlanRole({ ...change, person, role: "leader" });
      if (r === "granted") out.changed.push(md`${person.name} → 领导小组`);
      continue;
    }
    const unit = c.unitId === null ? undefined : view.unitById.get(c.unitId);
    if (unit?.kind !== "unit") {
      out.skipped.push(md`${person.name}：单位已不在方案中，已跳过`);
      continue;
    }
    const r = await deps.members.assignUnitRole({
      ...change,
      person,
      unitId: unit.id,
      role: c.role,
      replace: false,
    });
    if (r.kind === "assigned")
      out.changed.push(md`${person.name} → ${unit.name} ${c.role === "liaison" ? "联络员" : "副联络员"}`);
    else if (r.kind === "taken")
      out.skipped.push(
        md`${unit.name} 已有联络员 ${r.holder.name}，未更改（${person.name} 可由办公室 /bind 设为副联络员）`,
      );
  }
  return out;
}

/** Reads the mapping form: confirmed proposals and one person per unit picker ("u12": open_id). */
export function choicesFromForm(form: Record<string, unknown> | undefined): Choice[] {
  if (!form) return [];
  const choices: Choice[] = [];
  const confirmed = form.confirm;
  const list = Array.isArray(confirmed) ? confirmed : typeof confirmed === "string" ? [confirmed] : [];
  for (const v of list) {
    const p = decodeProposal(v);
    if (p) choices.push(p);
  }
  for (const [name, value] of Object.entries(form)) {
    const m = /^u(\d+)$/.exec(name);
    const picked = Array.isArray(value) ? value[0] : value;
    if (!m?.[1] || typeof picked !== "string" || !/^ou_[\w-]+$/.test(picked)) continue;
    choices.push({ openId: picked, unitId: Number(m[1]), role: "liaison" });
  }
  return choices;
}

export function resultCard(title: string, by: string, outcome: ApplyOutcome): CardRef {
  return noticeCard(
    title,
    outcomeLines(outcome),
    outcome.changed.length > 0 ? "green" : "grey",
    md`由 ${by} 确认 · 发送 /units 查看缺口`,
  );
}

/** What a submit changed and skipped, one line each. */
function outcomeLines(outcome: ApplyOutcome): RichText {
  const lines = [...outcome.changed.map((l) => md`✅ ${l}`), ...outcome.skipped.map((l) => md`⚠️ ${l}`)];
  return lines.length > 0 ? joinLines(lines) : md`没有新的变更。`;
}

function joinLines(lines: RichText[]): RichText {
  return { rich: lines.flatMap((l, i) => (i > 0 ? ["\n", ...l.rich] : [...l.rich])) };
}

/** Proposals for people who just joined (roster match or a unit in their display name). */
export async function newcomerCards(
  deps: MembersDeps,
  input: { planId: string; chatId: string; newcomers: Person[] },
): Promise<CardRef[]> {
  if (input.newcomers.length === 0) return [];
  const view = await loadPlanView(deps, input.planId);
  const roster = await deps.members.roster(input.planId);
  const { proposals } = proposeMapping(input.newcomers, roster, view.units, view.members);
  const present = new Set((await deps.members.chatMembers(input.chatId)).map((m) => m.openId));
  const mentions = officeIds(deps, view).filter((id) => present.has(id));
  return proposals.map((p) => {
    const base = { planId: input.planId, chatId: input.chatId, choice: encodeProposal(p) };
    return memberProposalCard({
      officeMentions: mentions,
      person: p.name,
      what:
        p.role !== "leader"
          ? roleLabel(p.role, unitName(view, p.unitId))
          : p.unitId === null
            ? "领导小组成员"
            : `${unitName(view, p.unitId)} 领导（领导小组成员，查看进度）`,
      why: p.source === "roster" ? `名单中为 ${p.rosterTitle ?? ""}` : "群昵称中含单位名称",
      confirmValue: { action: "member_propose", decision: "confirm", ...base },
      ignoreValue: { action: "member_propose", decision: "ignore", ...base },
    });
  });
}
