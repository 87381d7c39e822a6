import { checkRoundTimes, parsePeriod, type RoundKind, roundKindLabels } from "../domain/rounds";
import { formatDue, localDay } from "../domain/time";
import type { UnitRef } from "../domain/units";
import { md } from "../kernel/messages";
import { Refusal } from "../kernel/refusal";
import type { OutboxItem } from "../outbox/ports";
import { sha256Hex } from "../plans/load";
import { sendFreshCards } from "./card-refresh";
import { noticeCard } from "./cards";
import type { CollectDeps } from "./deps";
import { goalSeeds, requestSeeds } from "./domain/assignments";
import { plannedRound } from "./domain/round-times";
import { buildOverview } from "./overview";
import type { PlanTiming, Round } from "./ports";
import type { CollectService, OpenRoundOptions, OpenRoundResult } from "./use-cases";

const periodHelp: Record<RoundKind, string> = {
  monthly: "月份，例如 2022-06",
  filing: "年份或截止月份，例如 2022 或 2022-03",
  half_year: "半年，例如 2022-H1 或 2022上半年",
  annual: "年份，例如 2022",
  selfcheck: "年份，例如 2022",
};

/**
 * The round a kind and a typed period name: the stored one when it exists (a filing round named by its year
 * is found by that year), else what opening it would create, with times the schedule would give it.
 */
export async function resolveRound(
  deps: CollectDeps,
  planId: string,
  kind: RoundKind,
  period: string,
  now: Date,
  timing: PlanTiming,
  options: OpenRoundOptions = {},
) {
  const p = parsePeriod(kind, period, localDay(now, timing.timezone));
  if (!p) throw new Refusal(`无法识别「${period}」。${roundKindLabels[kind]}的期次应为${periodHelp[kind]}。`);
  const planned = plannedRound(
    {
      planId,
      timezone: timing.timezone,
      settings: timing.settings,
      phases: timing.phases,
      calendar: deps.calendar(),
      calendarOverrides: timing.calendarOverrides,
    },
    kind,
    p,
    now,
    options,
  );
  for (const w of planned.warnings) deps.logger.warn({ planId }, `round times: ${w}`);
  let existing = await deps.store.findRound(planId, kind, planned.period);
  if (!existing && kind === "filing" && !p.includes("-"))
    existing = (await deps.store.listRounds(planId)).find(
      (r) => r.kind === "filing" && r.period.startsWith(`${p}-`),
    );
  return { planned, existing };
}

/** CollectService.openRound over the service's dependencies (the contract and its arguments: use-cases.ts). */
export async function openRound(
  deps: CollectDeps,
  ...[planId, kind, period, options, now, actor]: Parameters<CollectService["openRound"]>
): Promise<OpenRoundResult> {
  const { store, timezone: tz } = deps;
  const timing = await store.planTiming(planId);
  if (!timing) throw new Refusal(`没有编号为「${planId}」的工作方案。`);
  const { planned, existing } = await resolveRound(deps, planId, kind, period, now, timing, options);
  if (existing && existing.state !== "scheduled") return finishOpen(deps, existing, false, now);
  const t = planned.times;
  const problem = checkRoundTimes(t);
  if (problem && !existing)
    throw new Refusal(
      `${planned.title}：${problem}（截止 ${formatDue(t.dueAt, tz)}）。请给出新的截止日期，例如 /round open ${kind} ${planned.period} ${localDay(new Date(now.getTime() + 7 * 864e5), tz)}`,
    );
  // A round the schedule prepared ahead gets its requests and cards first and its state last: a process killed
  // in between leaves it scheduled, so the next tick opens it again, and every step before is idempotent. Were
  // the state first, the next tick would see an open round whose cards never went out.
  const early =
    existing?.state === "scheduled"
      ? await finishOpen(
          deps,
          {
            ...existing,
            state: "open",
            // biome-ignore lint/complexity/useMathMinMax: Dates; Math.min would give a number
            opensAt: existing.opensAt < now ? existing.opensAt : now,
            openedAt: now,
            openedBy: actor,
          },
          true,
          now,
        )
      : undefined;
  // Inserts the round, or opens one the schedule prepared ahead (its times are kept; it opens now).
  const { round, created } = await store.createRound(
    { planId, kind, period: existing?.period ?? planned.period, title: planned.title, times: t, actor },
    now,
  );
  // A concurrent opener (the schedule and the office at once) may have won the insert.
  const opened = created || existing?.state === "scheduled";
  if (opened)
    deps.logger.info({ planId, kind, period: round.period, roundId: round.id, actor }, "round opened");
  if (early) return { ...early, round, created: opened };
  return finishOpen(deps, round, opened, now);
}

async function finishOpen(
  deps: CollectDeps,
  round: Round,
  created: boolean,
  now: Date,
): Promise<OpenRoundResult> {
  const assignments = await deps.store.assignments(round.planId);
  const seeds =
    round.kind === "selfcheck"
      ? requestSeeds(assignments, "lead")
      : round.kind === "monthly"
        ? [...requestSeeds(assignments, "task"), ...goalSeeds(await deps.store.goalOwners(round.planId))]
        : requestSeeds(assignments, "unit");
  const newRequests = await deps.store.insertRequests(round.id, seeds);
  const delivered = await deliverRound(deps, round, now);
  return {
    round,
    created,
    requests: { created: newRequests, total: seeds.length },
    units: delivered.units,
    unitIds: delivered.unitIds,
    cardsQueued: delivered.queued,
    noticesQueued: delivered.noticesQueued,
    unitsWithoutContact: delivered.unitsWithoutContact,
  };
}

/**
 * Queues the overview card for every liaison and deputy of the round's units who has none yet
 * (key overview:<round>:<unit>:<openId>), and tells the office about units nobody can receive.
 */
export async function deliverRound(
  deps: CollectDeps,
  round: Round,
  now: Date,
  onlyUnit?: number,
): Promise<{
  units: number;
  unitIds: number[];
  queued: number;
  noticesQueued: number;
  unitsWithoutContact: UnitRef[];
}> {
  const { store, timezone: tz } = deps;
  const units = (await store.roundUnits(round.id)).filter((u) => onlyUnit === undefined || u.id === onlyUnit);
  const contacts = await store.contacts(
    round.planId,
    units.map((u) => u.id),
  );
  const items: OutboxItem[] = [];
  const cards: { roundId: number; unitId: number; recipient: string; outboxKey: string }[] = [];
  const without: UnitRef[] = [];
  for (const unit of units) {
    const mine = contacts.filter((c) => c.unitId === unit.id);
    if (mine.length === 0) {
      without.push(unit);
      continue;
    }
    const have = new Set((await store.unitCards(round.id, unit.id)).map((c) => c.recipient));
    const missing = mine.filter((c) => !have.has(c.openId));
    if (missing.length === 0) continue;
    const requests = await store.unitRequests(round.id, unit.id);
    const card = buildOverview({ round, unitName: unit.name, unitId: unit.id, requests, now, tz });
    for (const c of missing) {
      const key = `overview:${round.id}:${unit.id}:${c.openId}`;
      items.push({
        kind: "send",
        key,
        purpose: "overview",
        planId: round.planId,
        to: { openId: c.openId },
        message: { type: "card", card },
        ...(round.opensAt > now ? { notBefore: round.opensAt } : {}),
      });
      cards.push({ roundId: round.id, unitId: unit.id, recipient: c.openId, outboxKey: key });
    }
  }
  const queued = items.length > 0 ? await deps.outbox.enqueue(items) : 0;
  await store.recordUnitCards(cards, now, false);
  const noticesQueued = without.length > 0 ? await tellOfficeNoContact(deps, round, without) : 0;
  return {
    units: units.length,
    unitIds: units.map((u) => u.id),
    queued,
    noticesQueued,
    unitsWithoutContact: without,
  };
}

/**
 * Units nobody can receive a card for are not lost: the office (its chats, else its members and DUBAN_ADMINS)
 * gets one notice per round and set of units; binding a liaison and opening the round again delivers the card.
 */
async function tellOfficeNoContact(deps: CollectDeps, round: Round, units: UnitRef[]): Promise<number> {
  const office = await deps.store.officeContacts(round.planId);
  const ids = units.map((u) => u.id).sort((a, b) => a - b);
  const tag = (await sha256Hex(ids.join(","))).slice(0, 12);
  const card = noticeCard({
    title: `${round.title}：${units.length} 个单位未绑定联络员`,
    color: "orange",
    body: md`以下单位尚无联络员或副联络员，本轮填报卡片无法送达：\n${units.map((u) => u.name).join("、")}`,
    note: md`请用 /bind 为这些单位绑定联络员，再发送 /round open ${round.kind} ${round.period} 补发卡片（已发出的不会重复）。`,
  });
  const recipients =
    office.chatIds.length > 0
      ? office.chatIds.map((chatId) => ({ chatId }))
      : [...new Set([...office.openIds, ...deps.admins])].map((openId) => ({ openId }));
  if (recipients.length === 0) {
    deps.logger.warn({ roundId: round.id, units: ids }, "units without liaison and no office to tell");
    return 0;
  }
  return deps.outbox.enqueue(
    recipients.map((to) => ({
      kind: "send" as const,
      key: `nocontact:${round.id}:${tag}:${"chatId" in to ? to.chatId : to.openId}`,
      purpose: "escalation",
      planId: round.planId,
      to,
      message: { type: "card" as const, card },
    })),
  );
}

/** Extends the round for one unit and sends its contacts a fresh overview card (which later patches target). */
export async function reopenForUnit(
  deps: CollectDeps,
  roundId: number,
  unitId: number,
  until: Date,
  now: Date,
  actor: string,
): Promise<{ requests: number; cardsQueued: number }> {
  const { store } = deps;
  const round = await store.getRound(roundId);
  if (!round) throw new Refusal("没有这个报送轮次。");
  if (until <= now) throw new Refusal("延期时间须晚于现在。");
  const n = await store.reopen(roundId, unitId, until);
  if (n === 0) throw new Refusal(`该单位在「${round.title}」中没有报送任务。`);
  deps.logger.info({ roundId, unitId, until: until.toISOString(), actor }, "round reopened for unit");
  const [unit] = (await store.roundUnits(roundId)).filter((u) => u.id === unitId);
  const contacts = await store.contacts(round.planId, [unitId]);
  if (!unit || contacts.length === 0) return { requests: n, cardsQueued: 0 };
  const stamp = Math.floor(until.getTime() / 1000);
  const recipients = contacts.map((c) => c.openId);
  const queued = await sendFreshCards(deps, round, unit, recipients, `reopen:${stamp}`, now);
  return { requests: n, cardsQueued: queued };
}
