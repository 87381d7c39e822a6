import { createCalendar } from "../domain/calendar";
import { localDay } from "../domain/time";
import type { UnitRef } from "../domain/units";
import { enqueuePlanned } from "../outbox/items";
import type { PlannedSend } from "../outbox/ports";
import { planSendsAt } from "../schedule/domain/working-time";
import type { CollectDeps } from "./deps";
import { CARD_REFRESH_AFTER_MS, type CardFreshness, cardFreshness } from "./domain/card-age";
import { isClosed } from "./domain/request-state";
import { buildOverview } from "./overview";
import type { Round } from "./ports";

/** The fresh overview card of a unit for each of its contacts, keyed by `tag` (the same tag never sends twice). */
async function freshCards(
  deps: CollectDeps,
  round: Round,
  unit: UnitRef,
  recipients: readonly string[],
  tag: string,
  now: Date,
): Promise<PlannedSend[]> {
  if (recipients.length === 0) return [];
  const requests = await deps.store.unitRequests(round.id, unit.id);
  const card = buildOverview({
    round,
    unitName: unit.name,
    unitId: unit.id,
    requests,
    now,
    tz: deps.timezone,
  });
  return recipients.map((openId) => ({
    item: {
      kind: "send",
      key: `${tag}:${round.id}:${unit.id}:${openId}`,
      purpose: "overview",
      planId: round.planId,
      to: { openId },
      message: { type: "card", card },
    },
    text: `重发总览卡片 ${round.title} · ${unit.name}`,
    timezone: deps.timezone,
  }));
}

/**
 * Sends a unit's contacts a fresh overview card as a new message and points unit_cards at it, so later patches
 * go to the new card and a click on the old one is answered as superseded. `tag` makes the outbox key: the same
 * tag never sends twice.
 */
export async function sendFreshCards(
  deps: CollectDeps,
  round: Round,
  unit: UnitRef,
  recipients: readonly string[],
  tag: string,
  now: Date,
): Promise<number> {
  const sends = await freshCards(deps, round, unit, recipients, tag, now);
  return enqueueFresh(deps, round, unit, sends, now, false);
}

/**
 * Enqueues the fresh cards and points unit_cards at them. Only rows whose message is new move a reopening's
 * cards: a replayed tag leaves unit_cards as it is. A refresh (`always`) moves them even when the outbox held
 * its keys already: the card it replaces is still current, so the tick that enqueued them stopped before
 * recording them, and left as it is the old card would be refreshed again the next day.
 */
async function enqueueFresh(
  deps: CollectDeps,
  round: Round,
  unit: UnitRef,
  sends: readonly PlannedSend[],
  now: Date,
  always: boolean,
): Promise<number> {
  const queued = await enqueuePlanned(deps.outbox, sends);
  if (queued > 0 || (always && sends.length > 0))
    await deps.store.recordUnitCards(
      sends.map(({ item }) => ({
        roundId: round.id,
        unitId: unit.id,
        recipient: "openId" in item.to ? item.to.openId : item.to.chatId,
        outboxKey: item.key,
      })),
      now,
      true,
    );
  return queued;
}

export async function cardFreshnessOf(
  deps: CollectDeps,
  messageId: string | undefined,
  now: Date,
): Promise<CardFreshness> {
  if (!messageId) return "current";
  const card = await deps.store.sentOverviewCard(messageId);
  return card ? cardFreshness(card, now) : "current";
}

/**
 * The plan's time zone when the tick may send its messages now (its working time, by its own settings, time
 * zone and the office's calendar, as every reminder of the tick); undefined when not.
 */
async function sendingZone(deps: CollectDeps, planId: string, now: Date): Promise<string | undefined> {
  const timing = await deps.store.planTiming(planId);
  if (!timing) return undefined;
  const overrides = new Map(timing.calendarOverrides.map((o) => [o.day, o.workday]));
  const calendar = createCalendar(deps.calendar(), overrides);
  return planSendsAt(timing.settings, calendar, timing.timezone, now) ? timing.timezone : undefined;
}

/**
 * The tick's part: every overview card of an open round sent 13 days ago or more, for a unit that can still
 * report (the round not closed, or reopened for it), is replaced by a fresh one, in the plan's working time
 * only: a card that ages at night or on a day off is replaced at the next tick in working time. The replaced
 * card leaves the list as soon as the fresh one is recorded, so it is refreshed once; keys carry the plan's
 * local day, so a second tick the same day sends nothing.
 */
async function agingRefreshes(deps: CollectDeps, now: Date) {
  const aging = await deps.store.agingUnitCards(new Date(now.getTime() - CARD_REFRESH_AFTER_MS), now);
  const byUnit = new Map<string, { roundId: number; unitId: number; recipients: string[] }>();
  for (const a of aging) {
    const k = `${a.roundId}:${a.unitId}`;
    const entry = byUnit.get(k) ?? { roundId: a.roundId, unitId: a.unitId, recipients: [] };
    entry.recipients.push(a.recipient);
    byUnit.set(k, entry);
  }
  const zones = new Map<string, Promise<string | undefined>>();
  const out: Array<{ round: Round; unit: UnitRef; sends: PlannedSend[] }> = [];
  for (const { roundId, unitId, recipients } of byUnit.values()) {
    const round = await deps.store.getRound(roundId);
    if (!round) continue;
    const zone = zones.get(round.planId) ?? sendingZone(deps, round.planId, now);
    zones.set(round.planId, zone);
    const tz = await zone;
    if (tz === undefined) continue;
    const unit = (await deps.store.roundUnits(roundId)).find((u) => u.id === unitId);
    if (!unit) continue;
    const requests = await deps.store.unitRequests(roundId, unitId);
    const reopened = requests.reduce<Date | null>(
      (m, r) => (r.reopenedUntil && (!m || r.reopenedUntil > m) ? r.reopenedUntil : m),
      null,
    );
    if (isClosed({ dueAt: round.dueAt, closesAt: round.closesAt, reopenedUntil: reopened }, now)) continue;
    const tag = `refresh:${localDay(now, tz).replace(/-/g, "")}`;
    const sends = await freshCards(deps, round, unit, recipients, tag, now);
    out.push({ round, unit, sends: sends.map((s) => ({ ...s, timezone: tz })) });
  }
  return out;
}

/** What refreshAgingCards would send at `now`, read only (`duban tick --dry-run`). */
export async function previewAgingCards(deps: CollectDeps, now: Date): Promise<PlannedSend[]> {
  return (await agingRefreshes(deps, now)).flatMap((r) => r.sends);
}

export async function refreshAgingCards(deps: CollectDeps, now: Date): Promise<number> {
  let queued = 0;
  for (const { round, unit, sends } of await agingRefreshes(deps, now))
    queued += await enqueueFresh(deps, round, unit, sends, now, true);
  if (queued > 0) deps.logger.info({ queued }, "overview cards refreshed before Feishu's 14 days");
  return queued;
}
