import type { UnitRef } from "../domain/units";
import { enqueuePlanned } from "../outbox/items";
import type { PlannedSend } from "../outbox/ports";
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
  return enqueueFresh(deps, round, unit, await freshCards(deps, round, unit, recipients, tag, now), now);
}

async function enqueueFresh(
  deps: CollectDeps,
  round: Round,
  unit: UnitRef,
  sends: readonly PlannedSend[],
  now: Date,
): Promise<number> {
  const queued = await enqueuePlanned(deps.outbox, sends);
  // Only rows whose message is new move; a replayed tag leaves unit_cards as it is.
  if (queued > 0)
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
 * The tick's part: every overview card of an open round sent 13 days ago or more, for a unit that can still
 * report (the round not closed, or reopened for it), is replaced by a fresh one. Keys carry the day, so a
 * second tick the same day sends nothing.
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
  const day = now.toISOString().slice(0, 10).replace(/-/g, "");
  const out: Array<{ round: Round; unit: UnitRef; sends: PlannedSend[] }> = [];
  for (const { roundId, unitId, recipients } of byUnit.values()) {
    const round = await deps.store.getRound(roundId);
    const unit = (await deps.store.roundUnits(roundId)).find((u) => u.id === unitId);
    if (!round || !unit) continue;
    const requests = await deps.store.unitRequests(roundId, unitId);
    const reopened = requests.reduce<Date | null>(
      (m, r) => (r.reopenedUntil && (!m || r.reopenedUntil > m) ? r.reopenedUntil : m),
      null,
    );
    if (isClosed({ dueAt: round.dueAt, closesAt: round.closesAt, reopenedUntil: reopened }, now)) continue;
    out.push({ round, unit, sends: await freshCards(deps, round, unit, recipients, `refresh:${day}`, now) });
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
    queued += await enqueueFresh(deps, round, unit, sends, now);
  if (queued > 0) deps.logger.info({ queued }, "overview cards refreshed before Feishu's 14 days");
  return queued;
}
